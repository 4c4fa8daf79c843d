import { registerStrings } from '@/lib/i18n';

/** A ticket's state in plain words for the person who asked (the portal's state badge). */
registerStrings({
  en: {
    ticketState: {
      new: 'Received',
      open: "We're working on it",
      'pending reminder': 'Waiting for your reply',
      'pending action': 'Solved — closes soon unless you reply',
      closed: 'Solved — closed',
      closedOn: 'Solved — closed on {{date}}',
      merged: 'Merged into another ticket',
      removed: 'Removed',
    },
  },
  de: {
    ticketState: {
      new: 'Eingegangen',
      open: 'Wir arbeiten daran',
      'pending reminder': 'Wartet auf Ihre Antwort',
      'pending action': 'Gelöst – wird bald geschlossen, wenn Sie nicht antworten',
      closed: 'Gelöst – geschlossen',
      closedOn: 'Gelöst – geschlossen am {{date}}',
      merged: 'Mit einem anderen Ticket zusammengeführt',
      removed: 'Entfernt',
    },
  },
});
