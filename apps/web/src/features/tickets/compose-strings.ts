import { registerStrings } from '@/lib/i18n';
import '@/components/editor-strings';

/** Strings of the portal's rich-text new-ticket form and reply form (English and German). */
registerStrings({
  en: {
    compose: {
      messageRequired: 'Describe the problem or request.',
      replyRequired: 'Write a message.',
      waitForUploads: 'Wait until the files have finished uploading.',
      filesExpired_one: '{{count}} attached file was no longer available and was removed: attach it again.',
      filesExpired_other:
        '{{count}} attached files were no longer available and were removed: attach them again.',
      messagePlaceholder: 'What happened, what did you expect, and what have you tried?',
      reply: {
        title: 'Reply',
        label: 'Your reply',
        placeholder: 'Write your reply…',
        submit: 'Send reply',
        sending: 'Sending…',
        sent: 'Your reply was sent.',
        failed: 'The reply could not be sent. Please try again.',
        draftKept: 'Your reply is kept on this device until you send it.',
      },
    },
  },
  de: {
    compose: {
      messageRequired: 'Beschreiben Sie das Problem oder die Anfrage.',
      replyRequired: 'Schreiben Sie eine Nachricht.',
      waitForUploads: 'Warten Sie, bis die Dateien hochgeladen sind.',
      filesExpired_one:
        '{{count}} angehängte Datei war nicht mehr verfügbar und wurde entfernt: Bitte hängen Sie sie erneut an.',
      filesExpired_other:
        '{{count}} angehängte Dateien waren nicht mehr verfügbar und wurden entfernt: Bitte hängen Sie sie erneut an.',
      messagePlaceholder: 'Was ist passiert, was haben Sie erwartet und was haben Sie schon versucht?',
      reply: {
        title: 'Antworten',
        label: 'Ihre Antwort',
        placeholder: 'Schreiben Sie Ihre Antwort…',
        submit: 'Antwort senden',
        sending: 'Wird gesendet…',
        sent: 'Ihre Antwort wurde gesendet.',
        failed: 'Die Antwort konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
        draftKept: 'Ihre Antwort bleibt auf diesem Gerät gespeichert, bis Sie sie senden.',
      },
    },
  },
});
