import { createContext, useContext } from 'react';
import type { KbLocale } from '@/lib/i18n';

/** Stable, shareable addresses of the help center's pages. */
export const answerPath = (locale: KbLocale, id: number, base = '/help') => `${base}/${locale}/answers/${id}`;
export const categoryPath = (locale: KbLocale, id: number, base = '/help') =>
  `${base}/${locale}/categories/${id}`;

/**
 * Where the help center lives: `/help` (EOSC-wide), or a community's `/c/<slug>/help`, whose
 * pages keep its branding (issue 16).
 */
export const KbBaseContext = createContext('/help');

/** The help center's addresses under the base the page is shown in. */
export function useKbPaths() {
  const base = useContext(KbBaseContext);
  return {
    home: base,
    answer: (locale: KbLocale, id: number) => answerPath(locale, id, base),
    category: (locale: KbLocale, id: number) => categoryPath(locale, id, base),
  };
}
