import { registerStrings } from '@/lib/i18n';

registerStrings({
  en: {
    kbLanguage: {
      name: { 'en-us': 'English', 'de-de': 'German' },
      notAvailable: 'Not available in {{wanted}} — showing {{shown}}',
      marker: '({{language}})',
    },
  },
  de: {
    kbLanguage: {
      name: { 'en-us': 'Englisch', 'de-de': 'Deutsch' },
      notAvailable: 'Nicht auf {{wanted}} verfügbar — Anzeige auf {{shown}}',
      marker: '({{language}})',
    },
  },
});
