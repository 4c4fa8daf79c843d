import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import type { KbLocale } from '@/lib/i18n';
import { kbKeys } from './keys';
import type { KbCategory } from './types';

export function kbCategoryQueryOptions(locale: KbLocale, id: number) {
  return queryOptions({
    queryKey: kbKeys.category(locale, id),
    queryFn: async ({ signal }): Promise<KbCategory> =>
      unwrap(
        await bff.GET('/bff/kb/categories/{id}', { params: { path: { id }, query: { locale } }, signal }),
      ),
    staleTime: 60_000,
  });
}

export function useKbCategory(locale: KbLocale, id: number): KbCategory {
  return useSuspenseQuery(kbCategoryQueryOptions(locale, id)).data;
}
