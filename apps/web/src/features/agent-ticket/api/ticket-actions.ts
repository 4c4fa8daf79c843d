import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { refreshTicket } from '@/lib/tickets/keys';

export type TicketChange = JsonBody<BffPaths['/bff/tickets/{id}']['patch']>;
export type Reply = JsonBody<BffPaths['/bff/tickets/{id}/articles']['post']>;

function useRefresh(id: number) {
  const queryClient = useQueryClient();
  return () => refreshTicket(queryClient, id);
}

/** State, priority, owner or group of one ticket. */
export function useUpdateTicket(id: number) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: async (change: TicketChange) =>
      unwrap(await bff.PATCH('/bff/tickets/{id}', { params: { path: { id } }, body: change })),
    onSettled: refresh,
  });
}

/**
 * A reply or internal note with the ticket changes of the same submit (state, priority, group,
 * owner): one request, saved together or not at all. The Idempotency-Key belongs to the draft,
 * so a double submit (or a retry after a timeout) writes one article.
 */
export function useSendReply(id: number) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: async ({ reply, key }: { reply: Reply; key: string }) =>
      unwrap(
        await bff.POST('/bff/tickets/{id}/articles', {
          params: { path: { id }, header: { 'idempotency-key': key } },
          body: reply,
        }),
      ),
    onSettled: refresh,
  });
}

export function useTags(id: number) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: async ({ name, remove }: { name: string; remove?: boolean }) =>
      remove
        ? unwrap(await bff.DELETE('/bff/tickets/{id}/tags', { params: { path: { id }, query: { name } } }))
        : unwrap(await bff.POST('/bff/tickets/{id}/tags', { params: { path: { id } }, body: { name } })),
    onSettled: refresh,
  });
}

/** Merges this ticket into the ticket with `target_number`; resolves to the target ticket. */
export function useMerge(id: number) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: async (target_number: string) =>
      unwrap(
        await bff.POST('/bff/agent/tickets/{id}/merge', {
          params: { path: { id } },
          body: { target_number },
        }),
      ),
    onSettled: refresh,
  });
}
