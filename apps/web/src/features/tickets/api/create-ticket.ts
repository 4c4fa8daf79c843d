import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { ticketKeys } from '@/lib/tickets/keys';
import type { TicketSummary } from '@/lib/tickets/types';

export type NewTicket = JsonBody<BffPaths['/bff/tickets']['post']>;

/** `idempotencyKey`: one per draft, so a retried or doubled submit never opens two tickets. */
export async function createTicket({
  idempotencyKey,
  ...body
}: NewTicket & { idempotencyKey?: string }): Promise<TicketSummary> {
  return unwrap(
    await bff.POST('/bff/tickets', {
      body,
      ...(idempotencyKey ? { params: { header: { 'idempotency-key': idempotencyKey } } } : {}),
    }),
  );
}

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTicket,
    // Reset rather than invalidate: a list loader's ensureQueryData would otherwise hand back
    // the cached page without the new ticket, and the list would flash stale before refetching.
    onSuccess: () => queryClient.resetQueries({ queryKey: ticketKeys.lists() }),
  });
}
