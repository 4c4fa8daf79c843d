import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type BffPaths, bff, type JsonBody, unwrap } from '../api-client';
import { refreshTicket } from './keys';

/** A change to one ticket: a customer closes or reopens it; an agent sets state, priority, owner… */
export type TicketChange = JsonBody<BffPaths['/bff/tickets/{id}']['patch']>;

export async function updateTicket(id: number, change: TicketChange) {
  return unwrap(await bff.PATCH('/bff/tickets/{id}', { params: { path: { id } }, body: change }));
}

/** Changes one ticket, then refetches it, the lists and the overviews it appears in. */
export function useUpdateTicket(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: TicketChange) => updateTicket(id, change),
    onSettled: () => refreshTicket(queryClient, id),
  });
}
