import { useMutation, useQueryClient } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import { refreshTicket } from '@/lib/tickets/keys';

function useRefresh(id: number) {
  const queryClient = useQueryClient();
  return () => refreshTicket(queryClient, id);
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
