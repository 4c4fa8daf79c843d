import { registerStrings } from '@/lib/i18n';

/** Strings of an article's body in the portal (HTML messages with remote images). */
registerStrings({
  en: {
    portalArticle: {
      blocked_one: '{{count}} remote image blocked.',
      blocked_other: '{{count}} remote images blocked.',
      showImages: 'Show images',
    },
  },
  de: {
    portalArticle: {
      blocked_one: '{{count}} externes Bild blockiert.',
      blocked_other: '{{count}} externe Bilder blockiert.',
      showImages: 'Bilder anzeigen',
    },
  },
});
