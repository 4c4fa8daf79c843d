import { useMutation, useQueryClient } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import { ticketKeys } from '@/lib/tickets/keys';

/** What a customer may do with their ticket's state: close it, or reopen it. */
export type CustomerStateChange = 'closed' | 'open';

export async function updateTicketState(id: number, state: CustomerStateChange) {
  return unwrap(await bff.PATCH('/bff/tickets/{id}', { params: { path: { id } }, body: { state } }));
}

/** Closes or reopens a ticket, then refetches it and the lists it appears in. */
export function useUpdateTicketState(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (state: CustomerStateChange) => updateTicketState(id, state),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}
