/** Ticket rules shared by create and update: numbers, owners, follow-ups, state types. */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { type Actor, hasGroupAccess, isAgent } from '../actor.ts';
import { InvalidError } from '../errors.ts';
import { canChange, type TicketRow } from '../ticket-access.ts';

export async function nextNumber(db: Db, systemId: number): Promise<string> {
  const row = await one<{ n: number }>(db, "SELECT nextval('ticket_number_seq')::int AS n");
  const counter = String((row as { n: number }).n);
  const prefix = String(systemId);
  return prefix + counter.padStart(Math.max(5 - prefix.length, 0), '0');
}

export async function customerMayCreateIn(db: Db, groupId: number): Promise<boolean> {
  const s = await one<{ value: number[] }>(
    db,
    "SELECT value FROM settings WHERE name = 'customer_ticket_create_group_ids'",
  );
  const allowed = s?.value ?? [];
  return allowed.length === 0 || allowed.map(Number).includes(groupId);
}

/** Owner must be an active agent with `full` on the group, else the ticket is unassigned (user 1). */
export async function validOwner(db: Db, ownerId: number, groupId: number): Promise<number> {
  if (ownerId === 1) return 1;
  const row = await one<{ ok: boolean }>(
    db,
    `SELECT EXISTS (
       SELECT 1 FROM users u WHERE u.id = $1 AND u.active
          AND EXISTS (SELECT 1 FROM roles_users ru JOIN permissions_roles pr ON pr.role_id = ru.role_id
                        JOIN permissions p ON p.id = pr.permission_id
                       WHERE ru.user_id = u.id AND p.name IN ('ticket.agent', 'ticket'))
          AND (EXISTS (SELECT 1 FROM groups_users gu WHERE gu.user_id = u.id AND gu.group_id = $2 AND gu.access = 'full')
            OR EXISTS (SELECT 1 FROM roles_users ru JOIN groups_roles gr ON gr.role_id = ru.role_id
                        WHERE ru.user_id = u.id AND gr.group_id = $2 AND gr.access = 'full'))
     ) AS ok`,
    [ownerId, groupId],
  );
  return row?.ok ? ownerId : 1;
}

/** The state types a customer may move a ticket to: reopen it, or close it. */
export const CUSTOMER_EDIT_TYPES = ['open', 'closed'];

export async function stateTypeName(db: Db, stateId: number): Promise<string> {
  const row = await one<{ name: string }>(
    db,
    `SELECT st.name FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id WHERE s.id = $1`,
    [stateId],
  );
  return row?.name ?? '';
}

/**
 * Zammad's follow-up rule: a ticket that is not closed, or an agent with `change`, may always
 * update; otherwise the group must allow follow-ups (`yes`, or `new_ticket_after_certain_time`
 * within `reopen_time_in_days` of the last close) and the caller must have update access.
 */
export async function assertFollowUp(db: Db, actor: Actor, t: TicketRow): Promise<void> {
  if ((await stateTypeName(db, t.state_id)) !== 'closed') return;
  if (isAgent(actor) && hasGroupAccess(actor, t.group_id, 'change')) return;
  const group = await one<{ follow_up_possible: string; reopen_time_in_days: number | null }>(
    db,
    'SELECT follow_up_possible, reopen_time_in_days FROM groups WHERE id = $1',
    [t.group_id],
  );
  let possible = false;
  if (group?.follow_up_possible === 'yes') possible = true;
  else if (group?.follow_up_possible === 'new_ticket_after_certain_time') {
    const closed = (t.last_close_at ?? t.close_at) as Date | null;
    const days = group.reopen_time_in_days ?? 0;
    possible =
      days > 0 &&
      closed !== null &&
      Math.floor((Date.now() - new Date(closed).getTime()) / 86_400_000) < days;
  }
  if (possible && canChange(actor, t)) return;
  throw new InvalidError('Cannot follow-up on a closed ticket. Please create a new ticket.');
}
