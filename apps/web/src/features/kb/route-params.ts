import { data } from 'react-router';
import { i18next, KB_LOCALE, type KbLocale, languageOf } from '@/lib/i18n';

const KB_LOCALES: readonly string[] = Object.values(KB_LOCALE);

/** The knowledge-base locale of the interface language now (for loaders, outside React). */
export function currentKbLocale(): KbLocale {
  return KB_LOCALE[languageOf(i18next.language)];
}

/** A page's `:locale`: one the knowledge base has, or the route answers 404. */
export function kbLocaleParam(value: string | undefined): KbLocale {
  if (!value || !KB_LOCALES.includes(value)) throw data('Unknown language', { status: 404 });
  return value as KbLocale;
}

/** A page's `:id`: a positive integer, or the route answers 404. */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw data('Not found', { status: 404 });
  return id;
}
