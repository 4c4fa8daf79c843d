import type { KbLocale } from '../api/kb-editor';

/** The title in the reader's locale, else the other one, else a placeholder. */
export function titleIn(
  translations: { locale: KbLocale; title: string }[],
  locale: KbLocale,
  fallback: string,
) {
  return (
    translations.find((t) => t.locale === locale)?.title ||
    translations.find((t) => t.title)?.title ||
    fallback
  );
}
