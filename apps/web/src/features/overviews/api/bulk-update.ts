import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ticketKeys } from '@/features/tickets/api/keys';
import { bff, unwrap } from '@/lib/api-client';
import { overviewKeys } from './keys';
import type { BulkChange } from './types';

export async function bulkUpdate(change: BulkChange) {
  return unwrap(await bff.POST('/bff/agent/tickets/bulk', { body: change })).items;
}

/** Changes several tickets at once (all or nothing), then refreshes counts, rows and tickets. */
export function useBulkUpdate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bulkUpdate,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: overviewKeys.all }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
      ]),
  });
}
