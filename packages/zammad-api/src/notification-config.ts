/**
 * Zammad's per-person notification settings, as Zammad stores them in
 * `users.preferences.notification_config` (agents: the matrix and the groups to limit to), and
 * our customer extension (`customer: {reply, state}`). Shared by the desk (which enforces them)
 * and the BFF (which edits them through `PUT /users/preferences`, Zammad's own route).
 */

/** The matrix rows: the events an agent can be told about. */
export const NOTIFICATION_EVENTS = ['create', 'update', 'reminder_reached', 'escalation'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** The matrix columns: which tickets (criteria) … */
export const NOTIFICATION_CRITERIA = ['owned_by_me', 'owned_by_nobody', 'subscribed', 'no'] as const;
export type NotificationCriterion = (typeof NOTIFICATION_CRITERIA)[number];

/** … and how (channel). */
export const NOTIFICATION_CHANNELS = ['email', 'online'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export interface NotificationRow {
  criteria: Record<NotificationCriterion, boolean>;
  channel: Record<NotificationChannel, boolean>;
}

export type NotificationMatrix = Record<NotificationEvent, NotificationRow>;

/** Customers' own toggles (ours, not Zammad's): mails on an agent's answer and on state changes. */
export interface CustomerNotifications {
  reply: boolean;
  state: boolean;
}

export interface NotificationConfig {
  matrix?: Partial<NotificationMatrix>;
  /** Limit "not assigned" and "all tickets" to these groups; empty (or `['-']`): all groups. */
  group_ids?: (number | string)[];
  customer?: CustomerNotifications;
}

const row = (mine: boolean, nobody: boolean, subscribed: boolean): NotificationRow => ({
  criteria: { owned_by_me: mine, owned_by_nobody: nobody, subscribed, no: false },
  channel: { email: true, online: true },
});

/** Zammad's setting `ticket_agent_default_notifications` (db/seeds/settings.rb), as shipped. */
export function defaultNotificationMatrix(): NotificationMatrix {
  return {
    create: row(true, true, true),
    update: row(true, true, true),
    reminder_reached: row(true, false, false),
    escalation: row(true, false, false),
  };
}

export const DEFAULT_CUSTOMER_NOTIFICATIONS: Readonly<CustomerNotifications> = Object.freeze({
  reply: true,
  state: true,
});
