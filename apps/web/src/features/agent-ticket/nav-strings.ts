import { registerStrings } from '@/lib/i18n';

/** Strings of stepping through the list a ticket was opened from. */
registerStrings({
  en: {
    ticketNav: {
      label: 'Tickets of the list',
      previous: 'Previous ticket',
      next: 'Next ticket',
      back: 'Back to the list',
      position: 'Ticket {{position}} of {{size}}',
      shortcut: 'Next / previous ticket of the list',
    },
  },
  de: {
    ticketNav: {
      label: 'Tickets der Liste',
      previous: 'Vorheriges Ticket',
      next: 'Nächstes Ticket',
      back: 'Zurück zur Liste',
      position: 'Ticket {{position}} von {{size}}',
      shortcut: 'Nächstes / vorheriges Ticket der Liste',
    },
  },
});
