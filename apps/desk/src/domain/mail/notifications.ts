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
import { notificationRecipients, type Recipient } from './notification-recipients.ts';

export const NOTIFY_MAIL_KIND = 'notify_mail';
/** As ticket mail: about an hour of retries with the worker's back-off. */
export const NOTIFY_MAIL_MAX_ATTEMPTS = 8;

/** What a notification job is about. `mention` and "assigned to you" are told apart per recipient. */
export type NotifyEvent = 'create' | 'update' | 'reminder_reached' | 'escalation' | 'escalation_warning';

/** The ticket attributes whose change is told (Zammad's human changes), as `[before, after]`. */
export const TOLD_ATTRIBUTES = [
  'title',
  'state_id',
  'priority_id',
  'group_id',
  'owner_id',
  'customer_id',
  'pending_time',
] as const;
export type ToldAttribute = (typeof TOLD_ATTRIBUTES)[number];
export type Changes = Partial<Record<ToldAttribute, [unknown, unknown]>>;

export interface NotifyPayload {
  event: NotifyEvent;
  ticket_id: number;
  article_id: number | null;
  /** Who made the change (1, the system, for the worker's). */
  actor_id: number;
  changes: Changes;
  /** Agents mentioned in the change's article (`data-mention-user-id`). */
  mentioned_ids: number[];
  /** Who is told, and how: decided with the settings that hold when the change is made. */
  recipients: Recipient[];
  /** Recipients already mailed by an earlier attempt of this job. */
  sent: number[];
}

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
