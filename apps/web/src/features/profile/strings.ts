import { registerStrings } from '@/lib/i18n';

/** The profile page: the person's notification settings. */
registerStrings({
  en: {
    profile: {
      pageTitle: 'My profile · EOSC Helpdesk',
      heading: 'My profile',
      loading: 'Loading your settings…',
      notifications: {
        heading: 'Notifications',
        agentIntro:
          'Choose which ticket events you hear about, for which tickets, and how: by e-mail, online (the bell) or both.',
        customerIntro: 'Choose which e-mails you get about your requests.',
        matrixCaption: 'Notifications per event',
        event: 'Event',
        whichTickets: 'Which tickets',
        channel: 'How',
        events: {
          create: 'New ticket',
          update: 'Ticket update',
          reminder_reached: 'Reminder reached',
          escalation: 'Escalation',
        },
        criteria: {
          owned_by_me: 'My tickets',
          owned_by_nobody: 'Not assigned',
          subscribed: 'Subscribed',
          no: 'All tickets in my groups',
        },
        channels: { email: 'E-mail', online: 'Online' },
        cell: '{{event}}: {{column}}',
        groups: 'Limit to these groups',
        groupsHint:
          'Applies to "Not assigned" and "All tickets in my groups". None checked: all your groups.',
        reply: 'E-mail me when an agent answers my request',
        state: "E-mail me when my request's state changes",
        save: 'Save notification settings',
        saving: 'Saving…',
        reset: 'Reset to defaults',
        saved: 'Your notification settings are saved.',
        resetDone: 'Your notification settings are back to the defaults.',
      },
    },
  },
  de: {
    profile: {
      pageTitle: 'Mein Profil · EOSC Helpdesk',
      heading: 'Mein Profil',
      loading: 'Ihre Einstellungen werden geladen…',
      notifications: {
        heading: 'Benachrichtigungen',
        agentIntro:
          'Wählen Sie, über welche Ereignisse Sie bei welchen Tickets informiert werden und wie: per E-Mail, online (die Glocke) oder beides.',
        customerIntro: 'Wählen Sie, welche E-Mails Sie zu Ihren Anfragen erhalten.',
        matrixCaption: 'Benachrichtigungen je Ereignis',
        event: 'Ereignis',
        whichTickets: 'Welche Tickets',
        channel: 'Wie',
        events: {
          create: 'Neues Ticket',
          update: 'Ticket-Aktualisierung',
          reminder_reached: 'Erinnerung erreicht',
          escalation: 'Eskalation',
        },
        criteria: {
          owned_by_me: 'Meine Tickets',
          owned_by_nobody: 'Nicht zugewiesen',
          subscribed: 'Abonniert',
          no: 'Alle Tickets meiner Gruppen',
        },
        channels: { email: 'E-Mail', online: 'Online' },
        cell: '{{event}}: {{column}}',
        groups: 'Auf diese Gruppen beschränken',
        groupsHint:
          'Gilt für „Nicht zugewiesen“ und „Alle Tickets meiner Gruppen“. Keine ausgewählt: alle Ihre Gruppen.',
        reply: 'E-Mail, wenn ein Agent auf meine Anfrage antwortet',
        state: 'E-Mail, wenn sich der Status meiner Anfrage ändert',
        save: 'Benachrichtigungseinstellungen speichern',
        saving: 'Wird gespeichert…',
        reset: 'Auf Standard zurücksetzen',
        saved: 'Ihre Benachrichtigungseinstellungen sind gespeichert.',
        resetDone: 'Ihre Benachrichtigungseinstellungen sind auf den Standard zurückgesetzt.',
      },
    },
  },
});
