import { registerStrings } from '@/lib/i18n';

/** What happens to a request about a service (the new-ticket form) and where it went (ticket page). */
registerStrings({
  en: {
    serviceRoute: {
      none: 'Without a service, our first-line support team reads your request and passes it on to the right team.',
      direct:
        'Your request goes to the {{team}} support team in this helpdesk; their answers appear here and reach you by e-mail.',
      redirect:
        'Your request will be forwarded to the mailing list of {{team}} ({{list}}), the people who support this service directly. Replies reach you here and by e-mail.',
      sync: 'Your request goes to the helpdesk of {{team}}; their answers appear here and reach you by e-mail.',
    },
    redirectNotice: {
      title: 'Forwarded to the service provider',
      forwarding: 'Your request is being forwarded to the mailing list of {{team}} ({{list}}).',
      forwarded:
        'Your request was forwarded to the mailing list of {{team}} ({{list}}) on {{date}}. Their answer reaches you here and by e-mail.',
      acknowledged: 'The {{team}} team answered your request; the conversation continues here.',
      failed:
        'We could not reach the mailing list of {{team}}. Our first-line support team has been told and takes care of your request.',
      taken_over: 'Our first-line support team took your request over and answers you here.',
    },
  },
  de: {
    serviceRoute: {
      none: 'Ohne Angabe eines Dienstes liest unser First-Line-Support Ihre Anfrage und gibt sie an das richtige Team weiter.',
      direct:
        'Ihre Anfrage geht an das Support-Team {{team}} in diesem Helpdesk; Antworten erscheinen hier und erreichen Sie per E-Mail.',
      redirect:
        'Ihre Anfrage wird an die Mailingliste von {{team}} ({{list}}) weitergeleitet; {{team}} betreut diesen Dienst direkt. Antworten erreichen Sie hier und per E-Mail.',
      sync: 'Ihre Anfrage geht an den eigenen Helpdesk von {{team}}; Antworten erscheinen hier und erreichen Sie per E-Mail.',
    },
    redirectNotice: {
      title: 'An den Dienstanbieter weitergeleitet',
      forwarding: 'Ihre Anfrage wird an die Mailingliste von {{team}} ({{list}}) weitergeleitet.',
      forwarded:
        'Ihre Anfrage wurde am {{date}} an die Mailingliste von {{team}} ({{list}}) weitergeleitet. Die Antwort erreicht Sie hier und per E-Mail.',
      acknowledged: 'Das Team {{team}} hat auf Ihre Anfrage geantwortet; die Unterhaltung geht hier weiter.',
      failed:
        'Wir konnten die Mailingliste von {{team}} nicht erreichen. Unser First-Line-Support wurde informiert und kümmert sich um Ihre Anfrage.',
      taken_over: 'Unser First-Line-Support hat Ihre Anfrage übernommen und antwortet Ihnen hier.',
    },
  },
});
