import { registerStrings } from '@/lib/i18n';

/** The SLA due-time badge (inbox, ticket view). */
registerStrings({
  en: {
    due: {
      leftMinutes_one: '{{count}} min left',
      leftMinutes_other: '{{count}} min left',
      leftHours_one: '{{count}} h left',
      leftHours_other: '{{count}} h left',
      leftDays_one: 'due in {{count}} d',
      leftDays_other: 'due in {{count}} d',
      overdueMinutes_one: 'overdue {{count}} min',
      overdueMinutes_other: 'overdue {{count}} min',
      overdueHours_one: 'overdue {{count}} h',
      overdueHours_other: 'overdue {{count}} h',
      overdueDays_one: 'overdue {{count}} d',
      overdueDays_other: 'overdue {{count}} d',
      tone: {
        running: 'On time',
        warning: 'Escalation warning',
        breached: 'Escalated',
      },
      target: {
        first_response: 'First response',
        update: 'Update',
        solution: 'Solution',
        any: 'Next due time',
      },
      describe: '{{tone}}: {{target}} due {{due}}',
      describeWarning: '{{tone}}: {{target}} due {{due}} (warning from {{warning}})',
      none: 'No SLA',
    },
  },
  de: {
    due: {
      leftMinutes_one: 'noch {{count}} Min.',
      leftMinutes_other: 'noch {{count}} Min.',
      leftHours_one: 'noch {{count}} Std.',
      leftHours_other: 'noch {{count}} Std.',
      leftDays_one: 'fällig in {{count}} T.',
      leftDays_other: 'fällig in {{count}} T.',
      overdueMinutes_one: '{{count}} Min. überfällig',
      overdueMinutes_other: '{{count}} Min. überfällig',
      overdueHours_one: '{{count}} Std. überfällig',
      overdueHours_other: '{{count}} Std. überfällig',
      overdueDays_one: '{{count}} T. überfällig',
      overdueDays_other: '{{count}} T. überfällig',
      tone: {
        running: 'Im Zeitplan',
        warning: 'Eskalationswarnung',
        breached: 'Eskaliert',
      },
      target: {
        first_response: 'Erste Antwort',
        update: 'Aktualisierung',
        solution: 'Lösung',
        any: 'Nächste Frist',
      },
      describe: '{{tone}}: {{target}} fällig am {{due}}',
      describeWarning: '{{tone}}: {{target}} fällig am {{due}} (Warnung ab {{warning}})',
      none: 'Kein SLA',
    },
  },
});
