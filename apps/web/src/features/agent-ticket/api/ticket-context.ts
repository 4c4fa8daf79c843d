import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, bff, unwrap } from '@/lib/api-client';
import { ticketKeys } from '@/lib/tickets/keys';

export type TicketContext = MethodResponse<Bff, 'get', '/bff/agent/tickets/{id}/context'>;
export type TicketLink = TicketContext['links'][number];
export type LinkType = TicketLink['type'];
export type HistoryItem = MethodResponse<Bff, 'get', '/bff/agent/tickets/{id}/history'>['items'][number];

/*
 * Under the ticket's detail key, so every change that refreshes the ticket (state, owner, tags,
 * a reply) refreshes its context and history too.
 */
export const contextKeys = {
  context: (id: number) => [...ticketKeys.detail(id), 'context'] as const,
  history: (id: number) => [...ticketKeys.detail(id), 'history'] as const,
};

export function ticketContextQueryOptions(id: number) {
  return queryOptions({
    queryKey: contextKeys.context(id),
    queryFn: async ({ signal }) =>
      unwrap(await bff.GET('/bff/agent/tickets/{id}/context', { params: { path: { id } }, signal })),
    staleTime: 30_000,
  });
}

export function useTicketContext(id: number) {
  return useQuery(ticketContextQueryOptions(id));
}

export function useTicketHistory(id: number, enabled: boolean) {
  return useQuery({
    queryKey: contextKeys.history(id),
    queryFn: async ({ signal }) =>
      unwrap(await bff.GET('/bff/agent/tickets/{id}/history', { params: { path: { id } }, signal })).items,
    enabled,
  });
}

/**
 * Adds (by the other ticket's number) or removes (by its id) a link; both sides are refreshed.
 * The answer already holds the links, so the refresh runs in the background: the mutation (and
 * the "linked" message) does not wait for it, and cannot land after a later change's message.
 */
export function useLinks(id: number) {
  const queryClient = useQueryClient();
  const settle = (otherId?: number) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
      ...(otherId ? [queryClient.invalidateQueries({ queryKey: ticketKeys.detail(otherId) })] : []),
    ]);
  const add = useMutation({
    mutationFn: async (body: { number: string; type: LinkType }) =>
      unwrap(await bff.POST('/bff/agent/tickets/{id}/links', { params: { path: { id } }, body })).links,
    onSuccess: (links) => {
      queryClient.setQueryData(contextKeys.context(id), (old: TicketContext | undefined) =>
        old ? { ...old, links } : old,
      );
    },
    onSettled: (links) => void settle(links?.at(-1)?.ticket.id),
  });
  const remove = useMutation({
    mutationFn: async (query: { ticket_id: number; type: LinkType }) =>
      unwrap(await bff.DELETE('/bff/agent/tickets/{id}/links', { params: { path: { id }, query } })).links,
    onSuccess: (links) => {
      queryClient.setQueryData(contextKeys.context(id), (old: TicketContext | undefined) =>
        old ? { ...old, links } : old,
      );
    },
    onSettled: (_links, _err, query) => void settle(query.ticket_id),
  });
  return { add, remove };
}
