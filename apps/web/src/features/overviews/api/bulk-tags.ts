import { useMutation, useQueryClient } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import { refreshTickets } from '@/lib/tickets/keys';

export type BulkTags = { ticket_ids: number[]; add?: string[]; remove?: string[] };

export async function bulkTags(change: BulkTags) {
  return unwrap(
    await bff.POST('/bff/agent/tickets/bulk-tags', {
      body: { ticket_ids: change.ticket_ids, add: change.add ?? [], remove: change.remove ?? [] },
    }),
  ).items;
}

/** Adds or removes tags on several tickets, then refreshes counts, rows and tickets. */
export function useBulkTags() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bulkTags,
    onSettled: () => refreshTickets(queryClient),
  });
}
