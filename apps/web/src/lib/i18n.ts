import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { de } from './locales/de';
import { en } from './locales/en';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The knowledge base's locale for each interface language. */
export const KB_LOCALE = { en: 'en-us', de: 'de-de' } as const;
export type KbLocale = (typeof KB_LOCALE)[Language];

const STORAGE_KEY = 'eosc.language';

function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'de') return stored;
  return globalThis.navigator?.language?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
});

function applyToDocument(lang: string) {
  if (globalThis.document) document.documentElement.lang = lang;
}
applyToDocument(i18next.language);

export function setLanguage(lang: Language) {
  globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  applyToDocument(lang);
  void i18next.changeLanguage(lang);
}

export function languageOf(lang: string | undefined): Language {
  return lang?.startsWith('de') ? 'de' : 'en';
}

/** The interface language and its knowledge-base locale, re-rendering on a switch. */
export function useLanguage(): { language: Language; kbLocale: KbLocale } {
  const { i18n } = useTranslation();
  const language = languageOf(i18n.language);
  return { language, kbLocale: KB_LOCALE[language] };
}

/** Dates in the reader's locale (Intl). */
export function formatDate(value: string, language: Language): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(d);
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB').format(value);
}

type Strings = { [key: string]: string | Strings };

/**
 * Adds a feature's strings (English and German) to the one `translation` namespace, deep-merged.
 * A feature module calls it at import time, so strings travel with the code that uses them:
 * the agent area's strings live in the agent chunks, never in the portal's bundle.
 */
export function registerStrings(strings: { en: Strings; de: Strings }): void {
  i18next.addResourceBundle('en', 'translation', strings.en, true, false);
  i18next.addResourceBundle('de', 'translation', strings.de, true, false);
}

export { i18next };
