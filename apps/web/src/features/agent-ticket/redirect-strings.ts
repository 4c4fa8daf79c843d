import { registerStrings } from '@/lib/i18n';

/** The agent's view of a redirected ticket (issue 16): where it went, how it went, what to do. */
registerStrings({
  en: {
    redirectPanel: {
      title: 'Redirected to the provider',
      where: 'Forwarded to {{list}} ({{team}}) · sent {{count}} time(s)',
      status: {
        forwarding: 'Being forwarded to the list…',
        forwarded: 'Delivered to the list; waiting for the provider to acknowledge (due {{due}}).',
        failed: 'Not delivered: the mail server refused it.',
        acknowledged: 'The provider answered.',
        taken_over: 'Redirection ended: the first line took the ticket over.',
      },
      reason: 'The mail server said: {{message}}',
      overdue: 'No acknowledgement within the response time: the first line was alerted.',
      resend: 'Re-send to the list',
      takeOver: 'Take over',
      done: {
        resend: 'Sent again to {{list}}.',
        'take-over': 'You took the ticket over; it is back with the first line.',
      },
      failed: 'That did not work: {{message}}',
    },
  },
  de: {
    redirectPanel: {
      title: 'An den Anbieter weitergeleitet',
      where: 'Weitergeleitet an {{list}} ({{team}}) · {{count}}-mal gesendet',
      status: {
        forwarding: 'Wird an die Liste weitergeleitet…',
        forwarded: 'An die Liste zugestellt; wartet auf die Bestätigung des Anbieters (fällig {{due}}).',
        failed: 'Nicht zugestellt: Der Mailserver hat abgelehnt.',
        acknowledged: 'Der Anbieter hat geantwortet.',
        taken_over: 'Weiterleitung beendet: Der First-Line-Support hat das Ticket übernommen.',
      },
      reason: 'Der Mailserver meldete: {{message}}',
      overdue: 'Keine Bestätigung innerhalb der Reaktionszeit: Der First-Line-Support wurde alarmiert.',
      resend: 'Erneut an die Liste senden',
      takeOver: 'Übernehmen',
      done: {
        resend: 'Erneut an {{list}} gesendet.',
        'take-over': 'Sie haben das Ticket übernommen; es liegt wieder beim First-Line-Support.',
      },
      failed: 'Das hat nicht geklappt: {{message}}',
    },
  },
});
