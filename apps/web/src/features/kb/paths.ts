import type { KbLocale } from '@/lib/i18n';

/** Stable, shareable addresses of the help center's pages. */
export const answerPath = (locale: KbLocale, id: number) => `/help/${locale}/answers/${id}`;
export const categoryPath = (locale: KbLocale, id: number) => `/help/${locale}/categories/${id}`;
