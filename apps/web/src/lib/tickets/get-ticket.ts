import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { bff, unwrap } from '../api-client';
import { ticketKeys } from './keys';
import type { TicketDetail } from './types';

/** A ticket with the articles the signed-in person may read (the portal's and the agent's view). */
export async function getTicket(id: number, signal?: AbortSignal): Promise<TicketDetail> {
  return unwrap(await bff.GET('/bff/tickets/{id}', { params: { path: { id } }, signal }));
}

export function ticketQueryOptions(id: number) {
  return queryOptions({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => getTicket(id, signal),
  });
}

export function useTicket(id: number): TicketDetail {
  return useSuspenseQuery(ticketQueryOptions(id)).data;
}
