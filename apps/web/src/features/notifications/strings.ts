import { registerStrings } from '@/lib/i18n';

/** What each kind of online notification says, with and without who caused it. */
registerStrings({
  en: {
    bell: {
      mention: '{{who}} mentioned you in ticket #{{number}}',
      mentionAnonymous: 'You were mentioned in ticket #{{number}}',
      create: '{{who}} created ticket #{{number}}',
      createAnonymous: 'Ticket #{{number}} was created',
      update: '{{who}} updated ticket #{{number}}',
      updateAnonymous: 'Ticket #{{number}} was updated',
      reminder_reached: 'Reminder reached for ticket #{{number}}',
      escalation: 'Ticket #{{number}} has escalated',
      escalation_warning: 'Ticket #{{number}} will escalate soon',
      other: 'Ticket #{{number}} changed',
    },
  },
  de: {
    bell: {
      mention: '{{who}} hat Sie in Ticket #{{number}} erwähnt',
      mentionAnonymous: 'Sie wurden in Ticket #{{number}} erwähnt',
      create: '{{who}} hat Ticket #{{number}} erstellt',
      createAnonymous: 'Ticket #{{number}} wurde erstellt',
      update: '{{who}} hat Ticket #{{number}} geändert',
      updateAnonymous: 'Ticket #{{number}} wurde geändert',
      reminder_reached: 'Erinnerung für Ticket #{{number}} erreicht',
      escalation: 'Ticket #{{number}} ist eskaliert',
      escalation_warning: 'Ticket #{{number}} eskaliert bald',
      other: 'Ticket #{{number}} wurde geändert',
    },
  },
});
