import { registerStrings } from '@/lib/i18n';
import '@/lib/support-lines-strings';

/** Strings of the line-of-support guard (composer, side panel) and the unit facts. */
registerStrings({
  en: {
    lineGuard: {
      upNotice:
        'Moving the ticket to {{unit}} ({{line}}) needs a written summary for its team: the problem, what was tried, what is asked. Write it here: it is saved as an internal note with the move.',
      downNotice:
        'Sending the ticket back to {{unit}} ({{line}}) needs the reason. Write it here: it is saved as an internal note with the move.',
      summaryLabel: 'Summary for {{unit}}',
      reasonLabel: 'Reason for sending it back to {{unit}}',
      moveUp: 'Move with summary',
      moveDown: 'Send back with reason',
      publicLocked: 'A move to another line of support is written as an internal note.',
      moved: 'Moved to {{unit}} with your note.',
      needText: 'Write the note first.',
      cancel: 'Cancel',
      guideTitle: 'Assigning tickets to {{unit}}',
    },
    lineHistory: {
      up: '{{who}} moved the ticket up from the {{from}} to the {{to}}',
      down: '{{who}} sent the ticket back from the {{from}} to the {{to}}',
      escalation: 'The ticket escalated (due {{due}})',
      escalation_warning: 'Escalation warning: 75 % of the time has passed (due {{due}})',
    },
    unitFacts: {
      title: 'Support unit',
      level: 'Quality of support',
      line: 'Line of support',
      guide: 'Assignment guide',
    },
  },
  de: {
    lineGuard: {
      upNotice:
        'Für die Übergabe an {{unit}} ({{line}}) braucht das Team eine schriftliche Zusammenfassung: das Problem, was versucht wurde, worum gebeten wird. Schreiben Sie sie hier; sie wird mit der Übergabe als interne Notiz gespeichert.',
      downNotice:
        'Für die Rückgabe an {{unit}} ({{line}}) braucht es eine Begründung. Schreiben Sie sie hier; sie wird mit der Rückgabe als interne Notiz gespeichert.',
      summaryLabel: 'Zusammenfassung für {{unit}}',
      reasonLabel: 'Begründung der Rückgabe an {{unit}}',
      moveUp: 'Mit Zusammenfassung übergeben',
      moveDown: 'Mit Begründung zurückgeben',
      publicLocked: 'Eine Übergabe an eine andere Supportebene wird als interne Notiz geschrieben.',
      moved: 'An {{unit}} übergeben, mit Ihrer Notiz.',
      needText: 'Schreiben Sie zuerst die Notiz.',
      cancel: 'Abbrechen',
      guideTitle: 'Tickets an {{unit}} zuweisen',
    },
    lineHistory: {
      up: '{{who}} hat das Ticket von der {{from}} an die {{to}} übergeben',
      down: '{{who}} hat das Ticket von der {{from}} an die {{to}} zurückgegeben',
      escalation: 'Das Ticket ist eskaliert (fällig am {{due}})',
      escalation_warning: 'Eskalationswarnung: 75 % der Zeit sind verstrichen (fällig am {{due}})',
    },
    unitFacts: {
      title: 'Supporteinheit',
      level: 'Supportqualität',
      line: 'Supportebene',
      guide: 'Zuweisungshinweise',
    },
  },
});
