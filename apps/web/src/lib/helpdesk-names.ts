import { i18next, registerStrings } from './i18n';

/**
 * Zammad's standard names (states, priorities, overviews, article senders) are data, stored in English.
 * Like Zammad, the interface translates the KNOWN standard names and shows admin-defined ones as they are.
 * German per Zammad's own German translation; priorities in EOSC's words (less urgent … top priority).
 */
const STATES: Record<string, string> = {
  new: 'new',
  open: 'open',
  'pending reminder': 'pendingReminder',
  'pending close': 'pendingClose',
  'pending action': 'pendingAction',
  // The desk's state for redirected tickets (issue 16).
  'waiting for provider': 'waitingForProvider',
  closed: 'closed',
  merged: 'merged',
  removed: 'removed',
};

/** Zammad's three standard priorities and the desk's fourth, in EOSC's words (DOMAIN.md). */
const PRIORITIES: Record<string, string> = {
  '1 low': 'low',
  '2 normal': 'normal',
  '3 high': 'high',
  '4 top priority': 'top',
};

const OVERVIEWS: Record<string, string> = {
  'My Assigned Tickets': 'myAssigned',
  'Unassigned & Open Tickets': 'unassignedOpen',
  'My Pending Reached Tickets': 'myPendingReached',
  'My Subscribed Tickets': 'mySubscribed',
  'Open Tickets': 'open',
  'Pending Reached Tickets': 'pendingReached',
  'Escalated Tickets': 'escalated',
  'My Replacement Tickets': 'myReplacement',
  'My Tickets': 'myTickets',
  'My Organization Tickets': 'myOrganization',
};

const SENDERS: Record<string, string> = { Customer: 'customer', Agent: 'agent', System: 'system' };

registerStrings({
  en: {
    helpdeskNames: {
      state: {
        new: 'new',
        open: 'open',
        pendingReminder: 'pending reminder',
        pendingClose: 'pending close',
        pendingAction: 'pending action',
        waitingForProvider: 'waiting for provider',
        closed: 'closed',
        merged: 'merged',
        removed: 'removed',
      },
      priority: { low: 'less urgent', normal: 'urgent', high: 'very urgent', top: 'top priority' },
      overview: {
        myAssigned: 'My Assigned Tickets',
        unassignedOpen: 'Unassigned & Open Tickets',
        myPendingReached: 'My Pending Reached Tickets',
        mySubscribed: 'My Subscribed Tickets',
        open: 'Open Tickets',
        pendingReached: 'Pending Reached Tickets',
        escalated: 'Escalated Tickets',
        myReplacement: 'My Replacement Tickets',
        myTickets: 'My Tickets',
        myOrganization: 'My Organization Tickets',
      },
      sender: { customer: 'Customer', agent: 'Agent', system: 'System' },
    },
  },
  de: {
    helpdeskNames: {
      state: {
        new: 'neu',
        open: 'offen',
        pendingReminder: 'warten auf Erinnerung',
        pendingClose: 'warten auf Schließen',
        pendingAction: 'warten auf Aktion',
        waitingForProvider: 'wartet auf Anbieter',
        closed: 'geschlossen',
        merged: 'zusammengeführt',
        removed: 'entfernt',
      },
      priority: {
        low: 'weniger dringend',
        normal: 'dringend',
        high: 'sehr dringend',
        top: 'höchste Priorität',
      },
      overview: {
        myAssigned: 'Meine zugewiesenen Tickets',
        unassignedOpen: 'Nicht zugewiesene & offene Tickets',
        myPendingReached: 'Meine Tickets mit erreichter Wartezeit',
        mySubscribed: 'Meine abonnierten Tickets',
        open: 'Offene Tickets',
        pendingReached: 'Tickets mit erreichter Wartezeit',
        escalated: 'Eskalierte Tickets',
        myReplacement: 'Meine Vertretungstickets',
        myTickets: 'Meine Tickets',
        myOrganization: 'Tickets meiner Organisation',
      },
      sender: { customer: 'Kunde', agent: 'Agent', system: 'System' },
    },
  },
});

/** Any `t` (from useTranslation or columns); without one, the current language. */
type Translate = (key: string) => string;
const currentT: Translate = (key) => i18next.t(key);

function label(group: string, table: Record<string, string>, name: string, t: Translate): string {
  const key = Object.hasOwn(table, name) ? table[name] : undefined;
  return key ? t(`helpdeskNames.${group}.${key}`) : name;
}

/** A ticket state's name in the interface language; admin-defined states as they are. */
export function stateLabel(name: string, t: Translate = currentT): string {
  return label('state', STATES, name, t);
}

/** A priority's name in the interface language; admin-defined priorities as they are. */
export function priorityLabel(name: string, t: Translate = currentT): string {
  return label('priority', PRIORITIES, name, t);
}

/** A standard overview's name in the interface language; admin-defined overviews as they are. */
export function overviewLabel(name: string, t: Translate = currentT): string {
  return label('overview', OVERVIEWS, name, t);
}

/** An article sender ("Customer", "Agent", "System") in the interface language. */
export function senderLabel(name: string, t: Translate = currentT): string {
  return label('sender', SENDERS, name, t);
}
