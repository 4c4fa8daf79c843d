import { registerStrings } from '@/lib/i18n';

/** Strings of the inbox filter bar. */
registerStrings({
  en: {
    filters: {
      label: 'Filters',
      state: 'State',
      priority: 'Priority',
      group: 'Group',
      owner: 'Owner',
      service: 'Service',
      type: 'Type',
      me: 'Me',
      unassigned: 'Unassigned',
      incident: 'Incident',
      service_request: 'Service request',
      chosen: '{{name}} ({{count}})',
      active: 'Active filters',
      remove: 'Remove filter {{name}}: {{value}}',
      clear: 'Clear filters',
      matching_one: '{{formatted}} ticket matches',
      matching_other: '{{formatted}} tickets match',
      loading: 'Loading…',
    },
  },
  de: {
    filters: {
      label: 'Filter',
      state: 'Status',
      priority: 'Priorität',
      group: 'Gruppe',
      owner: 'Bearbeiter',
      service: 'Dienst',
      type: 'Art',
      me: 'Ich',
      unassigned: 'Nicht zugewiesen',
      incident: 'Störung',
      service_request: 'Serviceanfrage',
      chosen: '{{name}} ({{count}})',
      active: 'Aktive Filter',
      remove: 'Filter {{name}} entfernen: {{value}}',
      clear: 'Filter zurücksetzen',
      matching_one: '{{formatted}} Ticket passt',
      matching_other: '{{formatted}} Tickets passen',
      loading: 'Lädt…',
    },
  },
});
