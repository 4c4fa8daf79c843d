/**
 * What the first line does with a redirected ticket: re-send the forward (a new forward article
 * and job; the wait and its alarm start again) or take the ticket over (the redirection ends:
 * the ticket goes back to the first-line group, `open`, owned by the agent who took it).
 * Only agents with access to the first-line group, and admins, may do either.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { type Actor, can, hasGroupAccess, isAgent } from '../actor.ts';
import { createArticle } from '../articles/create.ts';
import { ForbiddenError, InvalidError, NotFoundError } from '../errors.ts';
import { ticketChanged } from '../events/ticket-changed.ts';
import { type ServiceRow, serviceByKey } from '../services.ts';
import { recomputeEscalations } from '../sla/recompute.ts';
import { loadTicket, type TicketRow } from '../ticket-access.ts';
import { recordTicketChanges } from '../tickets/history.ts';
import { writeChanges } from '../tickets/update.ts';
import { firstLineGroupId, loadRedirect, type RedirectRow, WAITING_STATE } from './model.ts';
import { moveToState, writeForward } from './start.ts';

/** The first line (change access to its group) or an admin; everyone else 403. */
export async function assertFirstLine(db: Db, actor: Actor): Promise<number> {
  const group = await firstLineGroupId(db);
  if (group === undefined) throw new InvalidError('There is no first-line group to hand the ticket to.');
  const allowed = isAgent(actor) && (hasGroupAccess(actor, group, 'change') || can(actor, 'admin'));
  if (!allowed) throw new ForbiddenError('Only the first line and admins act on redirected tickets.');
  return group;
}

async function lockedRedirect(db: Db, ticketId: number): Promise<{ t: TicketRow; r: RedirectRow }> {
  const t = await one<TicketRow>(db, 'SELECT * FROM tickets WHERE id = $1 FOR UPDATE', [ticketId]);
  if (!t) throw new NotFoundError('Ticket', ticketId);
  const r = await loadRedirect(db, ticketId, true);
  if (!r) throw new NotFoundError('TicketRedirect', ticketId, 'ticket_id');
  return { t, r };
}

/** Re-sends the forward to the service's current list (the admins may have corrected it). */
export async function resendForward(db: Db, actor: Actor, ticketId: number): Promise<RedirectRow> {
  await assertFirstLine(db, actor);
  const { t, r } = await lockedRedirect(db, ticketId);
  if (r.status === 'taken_over')
    throw new InvalidError('The redirection ended: the first line took this ticket over.');
  const current = await serviceByKey(db, r.service_key);
  const list = current?.mailing_list ?? r.mailing_list;
  const service = {
    ...(current ?? { key: r.service_key, name: r.service_key }),
    provider: current?.provider ?? r.provider,
    mailing_list: list,
  } as ServiceRow;
  const articleId = await writeForward(db, t, service, r.forwards + 1);
  if (articleId === undefined)
    throw new InvalidError('The ticket has no request of the customer to forward.');
  const at = now();
  await db.query(
    `UPDATE ticket_redirects SET status = CASE WHEN status = 'acknowledged' THEN status ELSE 'forwarding' END,
        article_id = $2, forwards = forwards + 1, mailing_list = $3, ack_due_at = $4::timestamptz + make_interval(secs => ack_window_ms / 1000.0),
        alerted_at = NULL, updated_at = $4
      WHERE ticket_id = $1`,
    [ticketId, articleId, list, at],
  );
  const waiting = r.status !== 'acknowledged';
  if (waiting) await moveToState(db, actor.user.id, t, WAITING_STATE);
  await recomputeEscalations(db, [ticketId]);
  await ticketChanged(db, {
    type: 'update',
    actor,
    ticket: await loadTicket(db, ticketId),
    before: t,
    article: null,
    source: 'api',
  });
  return (await loadRedirect(db, ticketId)) as RedirectRow;
}

/** Ends the redirection: the first line handles the ticket itself from now on. */
export async function takeOver(db: Db, actor: Actor, ticketId: number): Promise<RedirectRow> {
  const group = await assertFirstLine(db, actor);
  const { t, r } = await lockedRedirect(db, ticketId);
  if (r.status === 'taken_over') throw new InvalidError('The first line took this ticket over already.');
  const open = await one<{ id: number }>(db, "SELECT id FROM ticket_states WHERE name = 'open'");
  const next: Record<string, unknown> = { group_id: group, ...(open ? { state_id: open.id } : {}) };
  if (hasGroupAccess(actor, group, 'full') || hasGroupAccess(actor, group, 'change'))
    next.owner_id = actor.user.id;
  const changed = await writeChanges(db, actor, t, next);
  await recordTicketChanges(db, actor, t, next, changed);
  const at = now();
  await db.query(
    `UPDATE ticket_redirects SET status = 'taken_over', ended_at = $2, ended_by_id = $3, updated_at = $2
      WHERE ticket_id = $1`,
    [ticketId, at, actor.user.id],
  );
  const article = await createArticle(
    db,
    actor,
    { id: ticketId },
    {
      body: `Redirection to ${r.mailing_list} ended: the first line took this ticket over.`,
      type: 'note',
      internal: true,
    },
  );
  await recomputeEscalations(db, [ticketId]);
  await ticketChanged(db, {
    type: 'update',
    actor,
    ticket: await loadTicket(db, ticketId),
    before: t,
    article,
    source: 'api',
  });
  return (await loadRedirect(db, ticketId)) as RedirectRow;
}
