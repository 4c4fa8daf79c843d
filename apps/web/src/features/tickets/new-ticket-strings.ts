import { registerStrings } from '@/lib/i18n';

registerStrings({
  en: {
    newTicketPage: {
      docTitle: 'New ticket · EOSC Helpdesk',
      back: 'My tickets',
      title: 'New ticket',
      lead: 'Describe your request; our support team will answer by e-mail and here.',
    },
  },
  de: {
    newTicketPage: {
      docTitle: 'Neues Ticket · EOSC Helpdesk',
      back: 'Meine Tickets',
      title: 'Neues Ticket',
      lead: 'Beschreiben Sie Ihr Anliegen; unser Support-Team antwortet per E-Mail und hier.',
    },
  },
});
