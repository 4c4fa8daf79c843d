/**
 * Notification mails (issue 14): what happened to a ticket is queued as ONE `notify_mail` job per
 * change, in the transaction that made it (an outbox), with its recipients picked by the settings
 * that hold then (notification-recipients.ts); the worker mails each in their language
 * (notification-send.ts).
 *
 * Zammad's rules (Transaction::Notification): an update without an article and without a change
 * worth telling is not mailed; the person who made the change is never told about it.
 */
import type { Db } from '../../db/client.ts';
import { isAgent } from '../actor.ts';
import type { TicketChange } from '../events/ticket-changed.ts';
import { enqueue } from '../jobs.ts';
import { mentionedUserIds } from '../mentions.ts';
import { loadTicket, type TicketRow } from '../ticket-access.ts';
import { type Changes, type NotifyPayload, TOLD_ATTRIBUTES } from './notification-payload.ts';
import { notificationRecipients } from './notification-recipients.ts';

export type { Changes, NotifyEvent, NotifyPayload, ToldAttribute } from './notification-payload.ts';
export { TOLD_ATTRIBUTES } from './notification-payload.ts';

export const NOTIFY_MAIL_KIND = 'notify_mail';
/** As ticket mail: about an hour of retries with the worker's back-off. */
export const NOTIFY_MAIL_MAX_ATTEMPTS = 8;

/** The system's own articles (sender System) are not news by themselves (Zammad). */
const SYSTEM_SENDER_ID = 3;

async function queue(
  db: Db,
  base: Omit<NotifyPayload, 'recipients' | 'sent'>,
  ticket: TicketRow,
): Promise<void> {
  const recipients = await notificationRecipients(db, base, ticket);
  if (recipients.length === 0) return;
  const payload: NotifyPayload = { ...base, recipients, sent: [] };
  await enqueue(db, NOTIFY_MAIL_KIND, { ...payload }, { maxAttempts: NOTIFY_MAIL_MAX_ATTEMPTS });
}

const comparable = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

/** The told attributes that differ between before and after. */
export function changesOf(before: TicketRow, after: TicketRow): Changes {
  const out: Changes = {};
  for (const key of TOLD_ATTRIBUTES) {
    const a = comparable(before[key]);
    const b = comparable(after[key]);
    if (a !== b) out[key] = [a, b];
  }
  return out;
}

/** The ticket-change listener (order 30): queues the change's notification job, or nothing. */
export async function queueNotificationMail(db: Db, change: TicketChange): Promise<void> {
  const changes = change.before ? changesOf(change.before, change.ticket) : {};
  const article = change.article && change.article.sender_id !== SYSTEM_SENDER_ID ? change.article : null;
  if (change.type === 'update' && !article && Object.keys(changes).length === 0) return;
  const body = typeof article?.body === 'string' ? article.body : '';
  // Only agents' mentions count (as mentionFromArticle subscribes only for them).
  const mentioned =
    article && article.content_type === 'text/html' && isAgent(change.actor)
      ? mentionedUserIds(body).filter((id) => id !== change.actor.user.id)
      : [];
  await queue(
    db,
    {
      event: change.type,
      ticket_id: change.ticket.id,
      article_id: article?.id ?? null,
      actor_id: change.actor.user.id,
      changes,
      mentioned_ids: mentioned,
    },
    change.ticket,
  );
}

/**
 * The worker's due times (domain/sla/due.ts): a reached reminder, an escalation or its warning
 * is mailed per the matrix too, one job per ticket, by the system user.
 */
export async function queueDueNotificationMails(
  db: Db,
  event: 'reminder_reached' | 'escalation' | 'escalation_warning',
  ticketIds: number[],
): Promise<void> {
  for (const id of ticketIds) {
    const base = { event, ticket_id: id, article_id: null, actor_id: 1, changes: {}, mentioned_ids: [] };
    await queue(db, base, await loadTicket(db, id));
  }
}
