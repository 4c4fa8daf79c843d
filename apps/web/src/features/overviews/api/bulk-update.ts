import { useMutation, useQueryClient } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import { refreshTickets } from '@/lib/tickets/keys';
import type { BulkChange } from './types';

export async function bulkUpdate(change: BulkChange) {
  return unwrap(await bff.POST('/bff/agent/tickets/bulk', { body: change })).items;
}

/** Changes several tickets at once (all or nothing), then refreshes counts, rows and tickets. */
export function useBulkUpdate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bulkUpdate,
    onSettled: () => refreshTickets(queryClient),
  });
}
