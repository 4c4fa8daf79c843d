import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, bff, unwrap } from '@/lib/api-client';

export type MailOverview = MethodResponse<Bff, 'get', '/bff/agent/admin/mail'>;
export type InboundMail = MailOverview['mails'][number];
export type MailStatus = InboundMail['status'];

const keys = {
  all: ['mail-admin'] as const,
  page: (status: MailStatus | undefined, page: number) => ['mail-admin', status ?? 'all', page] as const,
};

/** Support addresses and a page of received mail; refreshed while the page is open. */
export function mailQueryOptions(status: MailStatus | undefined, page: number) {
  return queryOptions({
    queryKey: keys.page(status, page),
    queryFn: async ({ signal }) =>
      unwrap(
        await bff.GET('/bff/agent/admin/mail', {
          params: { query: { ...(status ? { status } : {}), page } },
          signal,
        }),
      ),
    refetchInterval: 30_000,
    placeholderData: keepPreviousData,
  });
}

export function useMailOverview(status: MailStatus | undefined, page: number) {
  return useQuery(mailQueryOptions(status, page));
}

export function useReprocessMail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) =>
      unwrap(await bff.POST('/bff/agent/admin/mail/{id}/reprocess', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  });
}

export const rawMailHref = (id: number) => `/bff/agent/admin/mail/${id}/raw`;
