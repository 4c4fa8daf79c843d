import { registerStrings } from '@/lib/i18n';

/** What each kind of online notification says, with and without who caused it. */
registerStrings({
  en: {
    bell: {
      mention: '{{who}} mentioned you in ticket #{{id}}',
      mentionAnonymous: 'You were mentioned in ticket #{{id}}',
      create: '{{who}} created ticket #{{id}}',
      createAnonymous: 'Ticket #{{id}} was created',
      update: '{{who}} updated ticket #{{id}}',
      updateAnonymous: 'Ticket #{{id}} was updated',
      reminder_reached: 'Reminder reached for ticket #{{id}}',
      escalation: 'Ticket #{{id}} has escalated',
      escalation_warning: 'Ticket #{{id}} will escalate soon',
      other: 'Ticket #{{id}} changed',
    },
  },
  de: {
    bell: {
      mention: '{{who}} hat Sie in Ticket #{{id}} erwähnt',
      mentionAnonymous: 'Sie wurden in Ticket #{{id}} erwähnt',
      create: '{{who}} hat Ticket #{{id}} erstellt',
      createAnonymous: 'Ticket #{{id}} wurde erstellt',
      update: '{{who}} hat Ticket #{{id}} geändert',
      updateAnonymous: 'Ticket #{{id}} wurde geändert',
      reminder_reached: 'Erinnerung für Ticket #{{id}} erreicht',
      escalation: 'Ticket #{{id}} ist eskaliert',
      escalation_warning: 'Ticket #{{id}} eskaliert bald',
      other: 'Ticket #{{id}} wurde geändert',
    },
  },
});
