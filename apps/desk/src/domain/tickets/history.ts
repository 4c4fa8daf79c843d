/** A ticket's history rows for an update: one per changed attribute, relations by name. */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { addHistory, historyValue } from '../history.ts';
import type { Row } from '../shapes.ts';
import type { TicketRow } from '../ticket-access.ts';

async function userName(db: Db, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const u = await one<{ firstname: string; lastname: string; login: string }>(
    db,
    'SELECT firstname, lastname, login FROM users WHERE id = $1',
    [id],
  );
  if (!u) return null;
  return `${u.firstname} ${u.lastname}`.trim() || u.login;
}

async function nameOf(db: Db, table: string, id: number | null): Promise<string | null> {
  if (id === null) return null;
  // `table` comes from the fixed RELATIONS list below, never from input.
  return (await one<{ name: string }>(db, `SELECT name FROM ${table} WHERE id = $1`, [id]))?.name ?? null;
}

const RELATIONS: Record<string, { attribute: string; table?: string }> = {
  group_id: { attribute: 'group', table: 'groups' },
  state_id: { attribute: 'state', table: 'ticket_states' },
  priority_id: { attribute: 'priority', table: 'ticket_priorities' },
  organization_id: { attribute: 'organization', table: 'organizations' },
  owner_id: { attribute: 'owner' },
  customer_id: { attribute: 'customer' },
};

/** Changes Zammad does not show in a ticket's history. */
const UNTRACKED = ['close_at', 'last_close_at', 'last_owner_update_at', 'preferences'];

async function relationEntry(db: Db, key: string, from: unknown, to: unknown) {
  const rel = RELATIONS[key] as { attribute: string; table?: string };
  const idFrom = (from as number | null) ?? null;
  const idTo = (to as number | null) ?? null;
  const name = (id: number | null) => (rel.table ? nameOf(db, rel.table, id) : userName(db, id));
  return {
    attribute: rel.attribute,
    value_from: await name(idFrom),
    value_to: await name(idTo),
    id_from: idFrom,
    id_to: idTo,
  };
}

/** One `updated` row per changed attribute; relations carry names and ids. */
export async function recordTicketChanges(
  db: Db,
  actor: Actor,
  t: TicketRow,
  next: Row,
  changed: string[],
): Promise<void> {
  for (const k of changed) {
    if (UNTRACKED.includes(k)) continue;
    const entry = RELATIONS[k]
      ? await relationEntry(db, k, t[k], next[k])
      : { attribute: k, value_from: historyValue(t[k]), value_to: historyValue(next[k]) };
    await addHistory(db, {
      o_id: t.id,
      object: 'Ticket',
      type: 'updated',
      ...entry,
      created_by_id: actor.user.id,
    });
  }
}
