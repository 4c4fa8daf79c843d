import { keepPreviousData, queryOptions, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import type { KbLocale } from '@/lib/i18n';
import { kbKeys } from './keys';
import type { KbSearchResults } from './types';

export function kbSearchQueryOptions(locale: KbLocale, q: string, limit = 10, match: 'all' | 'any' = 'all') {
  return queryOptions({
    queryKey: [...kbKeys.search(locale, q), limit, match] as const,
    queryFn: async ({ signal }): Promise<KbSearchResults> =>
      unwrap(await bff.GET('/bff/kb/search', { params: { query: { locale, q, limit, match } }, signal })),
    staleTime: 60_000,
  });
}

export function useKbSearch(locale: KbLocale, q: string): KbSearchResults {
  return useSuspenseQuery(kbSearchQueryOptions(locale, q)).data;
}

/** Suggestions while a person types (the caller debounces `q`); off below 3 characters. */
export function useKbSuggestions(locale: KbLocale, q: string) {
  const text = q.trim();
  return useQuery({
    ...kbSearchQueryOptions(locale, text, 5, 'any'),
    enabled: text.length >= 3,
    placeholderData: keepPreviousData,
  });
}
