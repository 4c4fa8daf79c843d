import { registerStrings } from '@/lib/i18n';

/** Strings of the "closed — Undo" notice after the `c` shortcut. */
registerStrings({
  en: {
    undoClose: {
      closedOne: 'Ticket #{{number}} closed.',
      closedMany: '{{count}} tickets closed.',
      undo: 'Undo',
      undone: 'Closing undone.',
      failed: 'The close could not be undone: {{message}}',
    },
  },
  de: {
    undoClose: {
      closedOne: 'Ticket #{{number}} geschlossen.',
      closedMany: '{{count}} Tickets geschlossen.',
      undo: 'Rückgängig',
      undone: 'Schließen rückgängig gemacht.',
      failed: 'Das Schließen konnte nicht rückgängig gemacht werden: {{message}}',
    },
  },
});
