import { registerStrings } from '@/lib/i18n';

/** Strings of the app frame and its error pages. */
registerStrings({
  en: {
    shell: {
      main: 'Main',
      myTickets: 'My tickets',
      agentInbox: 'Agent inbox',
      reports: 'Reports',
      help: 'Help center',
      loading: 'Loading…',
      profile: 'My profile and notification settings ({{name}})',
    },
    routeError: {
      notFound: 'Not found',
      notFoundText: 'This page does not exist, or the ticket is not one you can see.',
      pageNotFoundText: 'This page does not exist.',
      forbidden: 'Forbidden',
      forbiddenText: 'Your account does not have access to this page.',
      failed: 'Something went wrong',
      failedText: 'The page could not be shown.',
      back: 'Back to my tickets',
      reload: 'Reload the page',
    },
  },
  de: {
    shell: {
      main: 'Hauptnavigation',
      myTickets: 'Meine Tickets',
      agentInbox: 'Agenten-Posteingang',
      reports: 'Berichte',
      help: 'Hilfe-Center',
      loading: 'Wird geladen …',
      profile: 'Mein Profil und Benachrichtigungseinstellungen ({{name}})',
    },
    routeError: {
      notFound: 'Nicht gefunden',
      notFoundText: 'Diese Seite gibt es nicht, oder Sie dürfen dieses Ticket nicht sehen.',
      pageNotFoundText: 'Diese Seite gibt es nicht.',
      forbidden: 'Kein Zugriff',
      forbiddenText: 'Ihr Konto hat keinen Zugriff auf diese Seite.',
      failed: 'Etwas ist schiefgegangen',
      failedText: 'Die Seite konnte nicht angezeigt werden.',
      back: 'Zurück zu meinen Tickets',
      reload: 'Seite neu laden',
    },
  },
});
