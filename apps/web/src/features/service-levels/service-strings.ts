import { registerStrings } from '@/lib/i18n';

/** The service catalogue page (issue 16): integration modes and providers' contacts. */
registerStrings({
  en: {
    sl: {
      services: {
        pageTitle: 'Service catalogue · Administration · EOSC Helpdesk',
        heading: 'Service catalogue',
        intro:
          'How each provider joined the helpdesk. Direct: its team works here. Redirect: new requests are forwarded to its mailing list and the first line tracks them. Sync: its own helpdesk, synchronised.',
        name: 'Service',
        provider: 'Provider',
        community: 'Community',
        integration: 'Integration',
        mailingList: 'Mailing list',
        active: 'Active',
        actions: 'Actions',
        editNamed: 'Edit {{name}}',
        editTitle: 'Service: {{name}}',
        mode: { direct: 'Direct usage', redirect: 'Redirect to mailing list', sync: 'Synchronised helpdesk' },
        modeHint: {
          direct: "The provider's staff answer in this helpdesk, in the service's support group.",
          redirect:
            "Each new request is forwarded at once to the mailing list; the user is told; the first line is alerted when no answer comes within the unit's response time.",
          sync: "Tickets are synchronised with the provider's own helpdesk.",
        },
        mailingListHint: 'Required for redirect: where new requests are forwarded.',
        needList: 'A redirected service needs a mailing list address.',
        badEmail: 'Enter an e-mail address.',
        isActive: 'Offered in the new-ticket form',
      },
    },
  },
  de: {
    sl: {
      services: {
        pageTitle: 'Dienstekatalog · Verwaltung · EOSC Helpdesk',
        heading: 'Dienstekatalog',
        intro:
          'Wie jeder Anbieter angebunden ist. Direkt: Sein Team arbeitet hier. Weiterleitung: Neue Anfragen gehen an seine Mailingliste, der First-Line-Support verfolgt sie. Sync: eigener Helpdesk, synchronisiert.',
        name: 'Dienst',
        provider: 'Anbieter',
        community: 'Community',
        integration: 'Anbindung',
        mailingList: 'Mailingliste',
        active: 'Aktiv',
        actions: 'Aktionen',
        editNamed: '{{name}} bearbeiten',
        editTitle: 'Dienst: {{name}}',
        mode: {
          direct: 'Direkte Nutzung',
          redirect: 'Weiterleitung an Mailingliste',
          sync: 'Synchronisierter Helpdesk',
        },
        modeHint: {
          direct: 'Das Team des Anbieters antwortet in diesem Helpdesk, in der Support-Gruppe des Dienstes.',
          redirect:
            'Jede neue Anfrage wird sofort an die Mailingliste weitergeleitet; die Person wird informiert; der First-Line-Support wird alarmiert, wenn innerhalb der Reaktionszeit keine Antwort kommt.',
          sync: 'Tickets werden mit dem eigenen Helpdesk des Anbieters synchronisiert.',
        },
        mailingListHint: 'Für Weiterleitung nötig: wohin neue Anfragen gehen.',
        needList: 'Ein weitergeleiteter Dienst braucht eine Mailinglisten-Adresse.',
        badEmail: 'Geben Sie eine E-Mail-Adresse ein.',
        isActive: 'Im Formular für neue Tickets angeboten',
      },
    },
  },
});
