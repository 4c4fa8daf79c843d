import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import type { KbLocale } from '@/lib/i18n';
import { kbKeys } from './keys';
import type { KbAnswer } from './types';

export function kbAnswerQueryOptions(locale: KbLocale, id: number) {
  return queryOptions({
    queryKey: kbKeys.answer(locale, id),
    queryFn: async ({ signal }): Promise<KbAnswer> =>
      unwrap(await bff.GET('/bff/kb/answers/{id}', { params: { path: { id }, query: { locale } }, signal })),
    staleTime: 60_000,
  });
}

export function useKbAnswer(locale: KbLocale, id: number): KbAnswer {
  return useSuspenseQuery(kbAnswerQueryOptions(locale, id)).data;
}
