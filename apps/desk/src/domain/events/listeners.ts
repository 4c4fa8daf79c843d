/**
 * Registers every ticket-change listener (imported once by the app and the worker, so
 * `ticketChanged` never runs with a partial list). See `ticket-changed.ts` for the order.
 */
import { queueNotificationMail } from '../mail/notifications.ts';
import { notifyTicketChange } from '../notifications.ts';
import { registerRedirect } from '../redirect/listener.ts';
import { registerTriggers } from '../triggers/engine.ts';
import { onTicketChange } from './ticket-changed.ts';

let registered = false;

export function registerTicketListeners(): void {
  if (registered) return;
  registered = true;
  // 10: triggers (domain/triggers/engine.ts); their ticket changes are part of the change.
  registerTriggers();
  // 15: ticket redirection to a provider's mailing list (domain/redirect).
  registerRedirect();
  // 20: the bell (30 is kept for notification mails).
  onTicketChange('online_notifications', 20, async (db, c) => {
    await notifyTicketChange(db, c.actor, c.ticket, c.type);
  });
  // 30: notification mails, one job per change (domain/mail/notifications.ts).
  onTicketChange('notification_mails', 30, async (db, c) => {
    await queueNotificationMail(db, c);
  });
}

registerTicketListeners();
