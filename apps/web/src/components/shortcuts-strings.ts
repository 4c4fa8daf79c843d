import { registerStrings } from '@/lib/i18n';

/** Strings of the keyboard shortcuts dialog (its list comes translated from the page). */
registerStrings({
  en: { shortcuts: { title: 'Keyboard shortcuts', close: 'Close' } },
  de: { shortcuts: { title: 'Tastenkürzel', close: 'Schließen' } },
});
