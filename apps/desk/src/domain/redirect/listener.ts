/**
 * Redirection's place in the ticket-change hook (order 15: after the triggers, before the bell
 * and the notification mails, so those see the ticket as redirection left it): a new ticket
 * about a `redirect` service is forwarded; a mail threaded back from the provider is the answer.
 */
import { onTicketChange } from '../events/ticket-changed.ts';
import { providerAnswered } from './reply.ts';
import { startRedirect } from './start.ts';

export function registerRedirect(): void {
  onTicketChange('redirect', 15, async (db, c) => {
    if (c.type === 'create') return startRedirect(db, c.actor, c.ticket);
    if (c.source === 'email' && c.article) return providerAnswered(db, c.ticket, c.article);
    return undefined;
  });
}
