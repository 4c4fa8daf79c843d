/**
 * A trigger's ticket actions (Zammad's Ticket::PerformChanges): `ticket.state_id`,
 * `ticket.priority_id`, `ticket.group_id`, `ticket.owner_id` (`{value}`, or for the owner
 * `pre_condition` `current_user.id` / `not_set`), `ticket.tags` (`{operator: add|remove, value}`).
 * Written as the system user, with history and due times, in the change's transaction.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { InvalidError } from '../errors.ts';
import type { Row } from '../shapes.ts';
import { recomputeEscalations } from '../sla/recompute.ts';
import { addTags, removeTag } from '../tags.ts';
import { loadTicket, type TicketRow } from '../ticket-access.ts';
import { recordTicketChanges } from '../tickets/history.ts';
import { stateRules, writeChanges } from '../tickets/update.ts';

/** Ticket attributes a trigger may set, with the table their value must name. */
export const SETTABLE: Record<string, string> = {
  'ticket.state_id': 'ticket_states',
  'ticket.priority_id': 'ticket_priorities',
  'ticket.group_id': 'groups',
  'ticket.owner_id': 'users',
};
export const ACTIONS = [
  ...Object.keys(SETTABLE),
  'ticket.tags',
  'notification.email',
  'notification.webhook',
];

const spec = (perform: Row, key: string): Row | undefined => {
  const v = perform[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : undefined;
};

/** Tags of a `ticket.tags` action: a comma-separated string or a list. */
export function tagNames(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
  return raw.map((s) => s.trim()).filter(Boolean);
}

/** The id an attribute action sets (null: nothing to set). */
function targetId(key: string, s: Row, changedBy: number): number | null {
  if (key === 'ticket.owner_id' && s.pre_condition === 'current_user.id') return changedBy;
  if (key === 'ticket.owner_id' && s.pre_condition === 'not_set') return 1;
  const v = Array.isArray(s.value) ? s.value[0] : s.value;
  if (v === undefined || v === null || v === '') return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : null;
}

/** Checks a `perform` when a trigger is written: unknown actions and missing records are a 422. */
export async function checkPerform(db: Db, perform: Row): Promise<void> {
  for (const key of Object.keys(perform)) {
    if (!ACTIONS.includes(key)) throw new InvalidError(`Invalid perform: unknown action '${key}'`);
    const s = spec(perform, key);
    if (!s) throw new InvalidError(`Invalid perform: '${key}' needs an object`);
    const table = SETTABLE[key];
    if (table) {
      const id = targetId(key, s, 1);
      if (id === null && !s.pre_condition) throw new InvalidError(`Invalid perform: '${key}' needs a value`);
      if (id !== null && !(await one(db, `SELECT 1 FROM ${table} WHERE id = $1`, [id])))
        throw new InvalidError(`Invalid perform: '${key}' names no record (${id})`);
    }
    if (key === 'ticket.tags') {
      if (s.operator !== 'add' && s.operator !== 'remove')
        throw new InvalidError("Invalid perform: 'ticket.tags' needs operator add or remove");
      if (tagNames(s.value).length === 0)
        throw new InvalidError("Invalid perform: 'ticket.tags' needs a value");
    }
  }
}

/**
 * Applies the ticket actions of `perform`; returns the ticket afterwards and whether its row
 * changed (tags live beside the row and count as a change for history only).
 */
export async function applyTicketActions(
  db: Db,
  system: Actor,
  ticket: TicketRow,
  perform: Row,
  changedBy: number,
): Promise<{ ticket: TicketRow; changed: string[] }> {
  const next: Row = {};
  for (const [key, table] of Object.entries(SETTABLE)) {
    const s = spec(perform, key);
    if (!s) continue;
    const id = targetId(key, s, changedBy);
    if (id === null) continue;
    // A record removed since the trigger was saved is skipped, not an error in someone's update.
    if (!(await one(db, `SELECT 1 FROM ${table} WHERE id = $1`, [id]))) continue;
    next[key.slice('ticket.'.length)] = id;
  }
  let changed: string[] = [];
  if (Object.keys(next).length > 0) {
    const t = await one<TicketRow>(db, 'SELECT * FROM tickets WHERE id = $1 FOR UPDATE', [ticket.id]);
    if (t) {
      await stateRules(db, t, next);
      changed = await writeChanges(db, system, t, next);
      await recordTicketChanges(db, system, t, next, changed);
      if (changed.length > 0) await recomputeEscalations(db, [t.id]);
    }
  }
  const tags = spec(perform, 'ticket.tags');
  if (tags) {
    const names = tagNames(tags.value);
    if (tags.operator === 'add') await addTags(db, system, 'Ticket', ticket.id, names);
    else if (tags.operator === 'remove')
      for (const n of names) await removeTag(db, system, 'Ticket', ticket.id, n);
  }
  return { ticket: changed.length > 0 ? await loadTicket(db, ticket.id) : ticket, changed };
}
