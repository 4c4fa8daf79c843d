import { registerStrings } from '@/lib/i18n';

/** Strings of an article's body (HTML messages with remote images), in the portal and the agent view. */
registerStrings({
  en: {
    articleBody: {
      blocked_one: '{{count}} remote image blocked.',
      blocked_other: '{{count}} remote images blocked.',
      showImages: 'Show images',
    },
  },
  de: {
    articleBody: {
      blocked_one: '{{count}} externes Bild blockiert.',
      blocked_other: '{{count}} externe Bilder blockiert.',
      showImages: 'Bilder anzeigen',
    },
  },
});
