/**
 * The payload of a `notify_mail` job (notifications.ts queues it, notification-recipients.ts
 * fills its recipients, notification-send.ts mails them): its own module, so the three depend on
 * it and not on each other.
 */

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

/** What a recipient is told: the job's event, or, on an update, why it concerns them. */
export type MailKind = NotifyPayload['event'] | 'assigned' | 'mention';

/** Why a recipient gets the mail (Zammad's `reason`). */
export type Reason = 'owner' | 'mentioned' | 'group';

export interface Recipient {
  user_id: number;
  kind: MailKind;
  reason: Reason;
}

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
