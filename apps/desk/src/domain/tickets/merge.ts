import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import type { Actor } from '../actor.ts';
import { ForbiddenError, InvalidError } from '../errors.ts';
import { addHistory } from '../history.ts';
import { addLink } from '../links.ts';
import { recomputeEscalations } from '../sla/recompute.ts';
import { canChange, loadTicket, type TicketRow, ticketByNumber } from '../ticket-access.ts';

export type MergeResult =
  | { result: 'success'; target_ticket: TicketRow; source_ticket: TicketRow }
  | { result: 'failed'; message: string };

/** Zammad's checks, in its order: a missing ticket is `failed`, a forbidden one 403, a bad pair 422. */
async function mergePair(
  db: Db,
  actor: Actor,
  sourceId: number,
  targetNumber: string,
): Promise<{ source: TicketRow; target: TicketRow; merged: { id: number; name: string } } | MergeResult> {
  const target = await ticketByNumber(db, targetNumber, true);
  if (!target) return { result: 'failed', message: 'The target ticket number could not be found.' };
  if (!canChange(actor, target)) throw new ForbiddenError();
  const source = await one<TicketRow>(db, 'SELECT * FROM tickets WHERE id = $1 FOR UPDATE', [sourceId]);
  if (!source) return { result: 'failed', message: 'The source ticket could not be found.' };
  if (!canChange(actor, source)) throw new ForbiddenError();
  if (source.id === target.id) throw new InvalidError('A ticket cannot be merged into itself.');
  const merged = await one<{ id: number; name: string }>(
    db,
    `SELECT s.id, s.name FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id
      WHERE st.name = 'merged' ORDER BY s.active DESC, s.id LIMIT 1`,
  );
  if (!merged) throw new InvalidError('No lookup value found for \'state\': "merged"');
  if (target.state_id === merged.id)
    throw new InvalidError('It is not possible to merge into an already merged ticket.');
  return { source, target, merged };
}

/** The source's articles move to the target; the source is left empty in state `merged`. */
async function moveArticles(
  db: Db,
  actor: Actor,
  source: TicketRow,
  target: TicketRow,
  merged: { id: number },
): Promise<void> {
  const moved = await db.query<{ id: number }>(
    'UPDATE ticket_articles SET ticket_id = $2 WHERE ticket_id = $1 RETURNING id',
    [source.id, target.id],
  );
  await db.query(
    `UPDATE tickets SET article_count = article_count + $2, updated_at = $4, updated_by_id = $3 WHERE id = $1`,
    [target.id, moved.length, actor.user.id, now()],
  );
  await db.query(
    `UPDATE tickets SET state_id = $2, article_count = 0, updated_at = $4, updated_by_id = $3 WHERE id = $1`,
    [source.id, merged.id, actor.user.id, now()],
  );
}

/** The source's state change, and the merge in both tickets' histories. */
async function recordMerge(
  db: Db,
  actor: Actor,
  source: TicketRow,
  target: TicketRow,
  merged: { id: number; name: string },
  fromState: string | null,
): Promise<void> {
  const by = actor.user.id;
  await addHistory(db, {
    o_id: source.id,
    object: 'Ticket',
    type: 'updated',
    attribute: 'state',
    value_from: fromState,
    value_to: merged.name,
    id_from: source.state_id,
    id_to: merged.id,
    created_by_id: by,
  });
  const numbers = {
    value_from: source.number,
    value_to: target.number,
    id_from: source.id,
    id_to: target.id,
  };
  await addHistory(db, {
    o_id: source.id,
    object: 'Ticket',
    type: 'merged_into',
    ...numbers,
    created_by_id: by,
  });
  await addHistory(db, {
    o_id: target.id,
    object: 'Ticket',
    type: 'received_merge',
    ...numbers,
    created_by_id: by,
  });
}

/**
 * `PUT /ticket_merge/:source_ticket_id/:target_ticket_number`: the source's articles move to
 * the target, the source goes to state `merged`, and a parent link (target → source) records it.
 * An unknown target or source is not an HTTP error in Zammad: the reply says `failed`.
 */
export async function mergeTickets(
  db: Db,
  actor: Actor,
  sourceId: number,
  targetNumber: string,
): Promise<MergeResult> {
  const pair = await mergePair(db, actor, sourceId, targetNumber);
  if ('result' in pair) return pair;
  const { source, target, merged } = pair;
  const fromState = await one<{ name: string }>(db, 'SELECT name FROM ticket_states WHERE id = $1', [
    source.state_id,
  ]);
  await moveArticles(db, actor, source, target, merged);
  await addLink(db, 'parent', { object: 'Ticket', value: target.id }, { object: 'Ticket', value: source.id });
  await recordMerge(db, actor, source, target, merged, fromState?.name ?? null);
  await recomputeEscalations(db, [source.id, target.id]);
  return {
    result: 'success',
    target_ticket: await loadTicket(db, target.id),
    source_ticket: await loadTicket(db, source.id),
  };
}
