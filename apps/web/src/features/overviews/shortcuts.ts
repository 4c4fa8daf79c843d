import './strings';

/** The inbox's shortcuts: keys and i18n keys of what they do (translate before showing). */
export const INBOX_SHORTCUTS: readonly [string, string][] = [
  ['j / k', 'shortcuts.next'],
  ['shortcuts.enterOrO', 'shortcuts.open'],
  ['x', 'shortcuts.select'],
  ['a', 'shortcuts.assign'],
  ['c', 'shortcuts.closeTickets'],
  ['/', 'shortcuts.search'],
  ['?', 'shortcuts.help'],
];
