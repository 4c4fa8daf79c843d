import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/bff-schema.gen';
import { refreshTicket, ticketKeys } from './keys';

/*
 * Ticket redirection (issue 16): where a ticket about a `redirect` service was forwarded. Read by
 * the portal's ticket page and the agent's ticket view; re-send and take over are the first line's.
 */

export type TicketRedirect = components['schemas']['TicketRedirect'];

export const redirectKey = (id: number) => [...ticketKeys.detail(id), 'redirect'] as const;

export function redirectQueryOptions(id: number) {
  return queryOptions({
    queryKey: redirectKey(id),
    queryFn: async ({ signal }): Promise<TicketRedirect | null> =>
      unwrap(await bff.GET('/bff/tickets/{id}/redirect', { params: { path: { id } }, signal })).redirect,
  });
}

export function useTicketRedirect(id: number) {
  return useQuery(redirectQueryOptions(id));
}

export type RedirectAction = 'resend' | 'take-over';

export function useRedirectAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: RedirectAction) =>
      action === 'resend'
        ? unwrap(await bff.POST('/bff/agent/tickets/{id}/redirect/resend', { params: { path: { id } } }))
        : unwrap(await bff.POST('/bff/agent/tickets/{id}/redirect/take-over', { params: { path: { id } } })),
    onSuccess: (reply) => queryClient.setQueryData(redirectKey(id), reply.redirect),
    onSettled: () => refreshTicket(queryClient, id),
  });
}
