/**
 * `PUT /tickets/:id` (REFERENCE §3.1.2): any subset of fields, by id or by name; `article`
 * appends an article; `preferences` merged shallowly. Runs under a row lock; last write wins
 * (no 409).
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { type Actor, isAgent } from '../actor.ts';
import { type ArticleInput, createArticle } from '../articles/create.ts';
import { customTicketValues } from '../custom-fields.ts';
import { ForbiddenError, InvalidError, invalidParam, NotFoundError } from '../errors.ts';
import { ticketChanged } from '../events/ticket-changed.ts';
import { historyValue } from '../history.ts';
import { resolveRef, resolveUserRef } from '../references.ts';
import type { Row } from '../shapes.ts';
import { lineMove, recordLineMove } from '../sla/lines.ts';
import { recomputeEscalations } from '../sla/recompute.ts';
import { canChange, loadTicket, type TicketRow } from '../ticket-access.ts';
import {
  allowedInput,
  customerOf,
  noteOf,
  organizationOf,
  pendingTimeOf,
  type TicketInput,
  titleOf,
} from './create.ts';
import { recordTicketChanges } from './history.ts';
import { assertFollowUp, CUSTOMER_EDIT_TYPES, stateTypeName, validOwner } from './rules.ts';

/** A reference that may change but never be blanked (group, state, priority). */
async function requiredRef(db: Db, data: TicketInput, key: 'group' | 'state' | 'priority') {
  const id = await resolveRef(db, data, key);
  if (id === null) throw new InvalidError(`The required value '${key}_id' is missing.`);
  return id;
}

/** Group, state, priority, title, note and pending time, as sent. */
async function commonChanges(
  db: Db,
  actor: Actor,
  t: TicketRow,
  data: TicketInput,
  next: Row,
): Promise<void> {
  // Only agents move a ticket between groups; a customer's group/group_id is dropped, like the
  // other agent-only attributes (allowedInput).
  const groupId = isAgent(actor) ? await requiredRef(db, data, 'group') : undefined;
  if (groupId !== undefined) next.group_id = groupId;
  const stateId = await requiredRef(db, data, 'state');
  // Zammad's customer edit screen offers states of the types open and closed only (state
  // category `viewable_customer_edit`), and the server refuses the others.
  if (stateId !== undefined && stateId !== t.state_id && !isAgent(actor))
    if (!CUSTOMER_EDIT_TYPES.includes(await stateTypeName(db, stateId)))
      throw invalidParam('state_id', stateId);
  if (stateId !== undefined) next.state_id = stateId;
  const priorityId = await requiredRef(db, data, 'priority');
  if (priorityId !== undefined) next.priority_id = priorityId;
  if ('title' in data) next.title = titleOf(data.title);
  if ('note' in data) next.note = noteOf(data.note);
  if ('pending_time' in data) next.pending_time = pendingTimeOf(data.pending_time);
}

/** Customer (its organization along), organization, owner and preferences: agents only. */
async function agentChanges(db: Db, actor: Actor, t: TicketRow, data: TicketInput, next: Row): Promise<void> {
  const customerId = await customerOf(db, actor, data, { described: false });
  if (customerId !== undefined && customerId !== t.customer_id) {
    next.customer_id = customerId;
    next.organization_id = await organizationOf(db, customerId);
  }
  const orgId = await resolveRef(db, data, 'organization');
  if (orgId !== undefined) next.organization_id = orgId;
  const ownerId = await resolveUserRef(db, data, 'owner');
  if (ownerId !== undefined) next.owner_id = ownerId;
  if (data.preferences && typeof data.preferences === 'object' && !Array.isArray(data.preferences))
    next.preferences = { ...(t.preferences as Row), ...(data.preferences as Row) };
}

/**
 * Custom fields pass by name, checked as on create: the object manager's options and the edit
 * screen's rules for the caller (a field hidden from them is dropped, a required one may not be
 * blanked). Any other column (`type`, columns added by migrations) is not writable here.
 */
async function customChanges(db: Db, actor: Actor, data: TicketInput, next: Row): Promise<void> {
  Object.assign(
    next,
    await customTicketValues(db, data, {
      screen: 'edit',
      permission: isAgent(actor) ? 'ticket.agent' : 'ticket.customer',
      creating: false,
    }),
  );
}

/** What the new state and owner imply: a valid owner, close times, a dropped pending time. */
export async function stateRules(db: Db, t: TicketRow, next: Row): Promise<void> {
  const merged = { ...t, ...next } as TicketRow;
  const stateType = await stateTypeName(db, merged.state_id);
  if (stateType !== 'closed' && ('owner_id' in next || 'group_id' in next))
    next.owner_id = await validOwner(db, merged.owner_id, merged.group_id);
  if ('state_id' in next && next.state_id !== t.state_id) {
    if (stateType === 'closed') {
      if (t.close_at === null) next.close_at = now();
      next.last_close_at = now();
    }
    if (!stateType.startsWith('pending') && t.pending_time !== null && !('pending_time' in next))
      next.pending_time = null;
  }
  if ('owner_id' in next && next.owner_id !== t.owner_id) next.last_owner_update_at = now();
}

/** Writes what really changed; returns those columns. */
export async function writeChanges(db: Db, actor: Actor, t: TicketRow, next: Row): Promise<string[]> {
  const changed = Object.keys(next).filter((k) => historyValue(next[k]) !== historyValue(t[k]));
  if (changed.length === 0) return changed;
  const sets = changed.map((k, i) => `"${k}" = $${i + 2}`);
  const values = changed.map((k) => {
    const v = next[k];
    return v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
  });
  try {
    await db.query(
      `UPDATE tickets SET ${sets.join(', ')}, updated_at = $${changed.length + 3}, updated_by_id = $${changed.length + 2} WHERE id = $1`,
      [t.id, ...values, actor.user.id, now()],
    );
  } catch (err) {
    // A custom field given a value its column cannot hold.
    if (String((err as { code?: string }).code ?? '').startsWith('22'))
      throw new InvalidError(String((err as Error).message));
    throw err;
  }
  return changed;
}

export async function updateTicket(db: Db, actor: Actor, id: number, input: TicketInput): Promise<TicketRow> {
  const t = await one<TicketRow>(db, 'SELECT * FROM tickets WHERE id = $1 FOR UPDATE', [id]);
  if (!t) throw new NotFoundError('Ticket', id);
  await assertFollowUp(db, actor, t);
  if (!canChange(actor, t)) throw new ForbiddenError();
  const data = allowedInput(actor, input);
  const next: Row = {};
  await commonChanges(db, actor, t, data, next);
  if (isAgent(actor)) await agentChanges(db, actor, t, data, next);
  await customChanges(db, actor, data, next);
  await stateRules(db, t, next);
  const article = data.article && !Array.isArray(data.article) ? (data.article as ArticleInput) : undefined;
  const move = await lineMove(db, t.group_id, next.group_id as number | undefined, article);
  const changed = await writeChanges(db, actor, t, next);
  await recordTicketChanges(db, actor, t, next, changed);
  const written = article ? await createArticle(db, actor, await loadTicket(db, id), article) : null;
  if (move && changed.includes('group_id')) await recordLineMove(db, actor, id, move);
  if (changed.length > 0 || article) await recomputeEscalations(db, [id]);
  const final = await loadTicket(db, id);
  if (changed.length === 0 && !written) return final;
  return ticketChanged(db, {
    type: 'update',
    actor,
    ticket: final,
    before: t,
    article: written,
    source: 'api',
  });
}
