/**
 * Redirection's place in the ticket-change hook (order 15: after the triggers, before the bell
 * and the notification mails, so those see the ticket as redirection left it): a new ticket
 * about a `redirect` service is forwarded; what its customer adds follows it to the list; a mail
 * threaded back from anyone else is the provider's answer.
 */
import { onTicketChange } from '../events/ticket-changed.ts';
import { providerAnswered } from './reply.ts';
import { forwardFollowUp, startRedirect } from './start.ts';

export function registerRedirect(): void {
  onTicketChange('redirect', 15, async (db, c) => {
    if (c.type === 'create') return startRedirect(db, c.actor, c.ticket);
    if (!c.article) return undefined;
    // The user's own additions go on to the list; anyone else's mail is the provider's answer.
    if (c.article.sender_id === 2 && c.article.created_by_id === c.ticket.customer_id) {
      await forwardFollowUp(db, c.ticket, c.article);
      return undefined;
    }
    if (c.source === 'email') return providerAnswered(db, c.ticket, c.article);
    return undefined;
  });
}
