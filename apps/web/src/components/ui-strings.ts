import { registerStrings } from '@/lib/i18n';

/** Strings of the shared page parts: pager, status messages, problem pages. */
registerStrings({
  en: {
    ui: {
      newer: 'Newer',
      older: 'Older',
      page: 'Page {{page}}',
      pageOf: 'Page {{page}} of {{count}}',
      tryAgain: 'Try again',
      reference: 'Reference: {{id}}',
      panelFailed: 'Something went wrong while showing this part of the page.',
      titleSuffix: '{{title}} · EOSC Helpdesk',
    },
  },
  de: {
    ui: {
      newer: 'Neuere',
      older: 'Ältere',
      page: 'Seite {{page}}',
      pageOf: 'Seite {{page}} von {{count}}',
      tryAgain: 'Erneut versuchen',
      reference: 'Referenz: {{id}}',
      panelFailed: 'Beim Anzeigen dieses Seitenteils ist etwas schiefgegangen.',
      titleSuffix: '{{title}} · EOSC Helpdesk',
    },
  },
});
