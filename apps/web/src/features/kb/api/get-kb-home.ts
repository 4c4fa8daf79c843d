import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import type { KbLocale } from '@/lib/i18n';
import { kbKeys } from './keys';
import type { KbHome } from './types';

export function kbHomeQueryOptions(locale: KbLocale) {
  return queryOptions({
    queryKey: kbKeys.home(locale),
    queryFn: async ({ signal }): Promise<KbHome> =>
      unwrap(await bff.GET('/bff/kb', { params: { query: { locale } }, signal })),
    staleTime: 60_000,
  });
}

export function useKbHome(locale: KbLocale): KbHome {
  return useSuspenseQuery(kbHomeQueryOptions(locale)).data;
}
