import type { KbLocale } from '@/lib/i18n';

/** Query keys of the knowledge base; public data, shared by signed-in and anonymous readers. */
export const kbKeys = {
  all: ['kb'] as const,
  home: (locale: KbLocale) => [...kbKeys.all, 'home', locale] as const,
  search: (locale: KbLocale, q: string) => [...kbKeys.all, 'search', locale, q] as const,
  category: (locale: KbLocale, id: number) => [...kbKeys.all, 'category', locale, id] as const,
  answer: (locale: KbLocale, id: number) => [...kbKeys.all, 'answer', locale, id] as const,
};
