/**
 * The start of a redirection: a new ticket about a `redirect` service is written a forward
 * article (an internal System e-mail to the provider's list, recording where it goes and, once
 * sent, its delivery), waits in the state "waiting for provider", and a forward job is queued in
 * the same transaction (the outbox): the mail leaves through the worker, never inside the request.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import type { Actor } from '../actor.ts';
import type { ArticleRow } from '../article-shapes.ts';
import { addHistory } from '../history.ts';
import { enqueue } from '../jobs.ts';
import { hookedSubject } from '../mail/outbound.ts';
import { SERVICE_ATTRIBUTE, type ServiceRow, serviceByKey } from '../services.ts';
import { recomputeEscalations } from '../sla/recompute.ts';
import { loadTicket, type TicketRow } from '../ticket-access.ts';
import {
  DEFAULT_ACK_WINDOW_MS,
  FORWARD_KIND,
  FORWARD_MAX_ATTEMPTS,
  insertSystemArticle,
  WAITING_STATE,
} from './model.ts';

/** Moves a ticket to a state by name, with its history row (the SLA reads state changes). */
export async function moveToState(db: Db, actorId: number, t: TicketRow, stateName: string): Promise<void> {
  const to = await one<{ id: number; name: string }>(
    db,
    'SELECT id, name FROM ticket_states WHERE name = $1 AND active',
    [stateName],
  );
  if (!to || to.id === t.state_id) return;
  const from = await one<{ name: string }>(db, 'SELECT name FROM ticket_states WHERE id = $1', [t.state_id]);
  await db.query('UPDATE tickets SET state_id = $2, updated_at = $3, updated_by_id = $4 WHERE id = $1', [
    t.id,
    to.id,
    now(),
    actorId,
  ]);
  await addHistory(db, {
    o_id: t.id,
    object: 'Ticket',
    type: 'updated',
    attribute: 'state',
    value_from: from?.name ?? null,
    value_to: to.name,
    id_from: t.state_id,
    id_to: to.id,
    created_by_id: actorId,
  });
}

async function customerLine(db: Db, customerId: number): Promise<string> {
  const c = await one<{ name: string; email: string }>(
    db,
    `SELECT trim(concat_ws(' ', firstname, lastname)) AS name, email FROM users WHERE id = $1`,
    [customerId],
  );
  if (!c) return 'a user';
  return c.email ? `${c.name || c.email} <${c.email}>` : c.name || 'a user';
}

/** The forward article: the user's words under a short note to the provider. */
async function writeForwardArticle(
  db: Db,
  t: TicketRow,
  service: ServiceRow,
  source: ArticleRow,
  forwardNumber: number,
  followUp = false,
): Promise<number> {
  const who = await customerLine(db, t.customer_id);
  const html = source.content_type === 'text/html';
  const lines = [
    followUp
      ? `The user added to their request about ${service.name} (EOSC Helpdesk ticket ${t.number}).`
      : `A request about ${service.name}${service.provider ? ` (${service.provider})` : ''} reached the EOSC Helpdesk.`,
    'The helpdesk forwards requests about this service to this list.',
    `From: ${who}`,
    `Ticket: ${t.number}`,
    'Please answer by replying to this mail and keep [Ticket#N] in the subject: your answer reaches the user through the helpdesk.',
  ];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = html
    ? `${lines.map((l) => `<p>${esc(l)}</p>`).join('')}<hr>${String(source.body)}`
    : `${lines.join('\n')}\n\n----\n${String(source.body)}`;
  return insertSystemArticle(db, {
    ticketId: t.id,
    type: 'email',
    internal: true,
    from: 'EOSC Helpdesk',
    to: service.mailing_list,
    subject: hookedSubject(followUp ? `Re: ${t.title}` : String(source.subject || t.title), t.number),
    body,
    contentType: html ? 'text/html' : 'text/plain',
    preferences: {
      eosc_redirect: {
        forward: forwardNumber,
        ...(followUp ? { follow_up: true } : {}),
        service: service.key,
        provider: service.provider,
        mailing_list: service.mailing_list,
        source_article_id: source.id,
      },
    },
  });
}

/** Queues the forward of an article (the first or a re-send). */
export async function queueForward(db: Db, ticketId: number, articleId: number): Promise<void> {
  await enqueue(
    db,
    FORWARD_KIND,
    { ticket_id: ticketId, article_id: articleId },
    { maxAttempts: FORWARD_MAX_ATTEMPTS },
  );
}

/** How long the provider has to acknowledge: the ticket's first-response due time, if any. */
function ackWindow(t: TicketRow): number {
  const due = t.first_response_escalation_at as Date | null;
  const left = due ? new Date(due).getTime() - now().getTime() : 0;
  return left > 0 ? left : DEFAULT_ACK_WINDOW_MS;
}

/** Writes a new forward (first or re-send) of the ticket's first customer article. */
export async function writeForward(
  db: Db,
  t: TicketRow,
  service: ServiceRow,
  forwardNumber: number,
): Promise<number | undefined> {
  const source = await one<ArticleRow>(
    db,
    `SELECT * FROM ticket_articles WHERE ticket_id = $1 AND sender_id = 2 AND NOT internal ORDER BY id LIMIT 1`,
    [t.id],
  );
  if (!source) return undefined;
  const articleId = await writeForwardArticle(db, t, service, source, forwardNumber);
  await queueForward(db, t.id, articleId);
  return articleId;
}

/** The `redirect` listener on create: forward when the ticket's service says so. */
export async function startRedirect(db: Db, actor: Actor, ticket: TicketRow): Promise<TicketRow | undefined> {
  const service = await serviceByKey(db, ticket[SERVICE_ATTRIBUTE]);
  if (!service || service.integration !== 'redirect' || !service.mailing_list) return undefined;
  const articleId = await writeForward(db, ticket, service, 1);
  if (articleId === undefined) return undefined;
  const window = ackWindow(ticket);
  await db.query(
    `INSERT INTO ticket_redirects (ticket_id, service_key, provider, mailing_list, status, article_id,
        ack_window_ms, ack_due_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'forwarding', $5, $6, $7, $8, $8)`,
    [
      ticket.id,
      service.key,
      service.provider,
      service.mailing_list,
      articleId,
      window,
      new Date(now().getTime() + window),
      now(),
    ],
  );
  await moveToState(db, actor.user.id, ticket, WAITING_STATE);
  await recomputeEscalations(db, [ticket.id]);
  return loadTicket(db, ticket.id);
}

/**
 * What the user adds while the provider handles the request (a portal reply or a mail) goes to
 * the list too, threaded under the forward: the provider sees the whole conversation.
 */
export async function forwardFollowUp(db: Db, ticket: TicketRow, article: ArticleRow): Promise<void> {
  if (article.sender_id !== 2 || article.internal || article.created_by_id !== ticket.customer_id) return;
  const r = await one<{ status: string; mailing_list: string; service_key: string; provider: string }>(
    db,
    'SELECT status, mailing_list, service_key, provider FROM ticket_redirects WHERE ticket_id = $1',
    [ticket.id],
  );
  if (!r || r.status === 'taken_over') return;
  const current = await serviceByKey(db, r.service_key);
  const service = {
    ...(current ?? { key: r.service_key, name: r.service_key }),
    provider: r.provider,
    mailing_list: r.mailing_list,
  } as ServiceRow;
  const articleId = await writeForwardArticle(db, ticket, service, article, 0, true);
  await queueForward(db, ticket.id, articleId);
}
