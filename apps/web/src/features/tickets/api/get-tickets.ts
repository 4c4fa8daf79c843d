import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import { type TicketListParams, ticketKeys } from './keys';
import type { TicketPage } from './types';

export const TICKETS_PER_PAGE = 25;

/** One page of the tickets the signed-in person may see, newest activity first. */
export async function getTickets(params: TicketListParams, signal?: AbortSignal): Promise<TicketPage> {
  return unwrap(await bff.GET('/bff/tickets', { params: { query: params }, signal }));
}

export function ticketsQueryOptions(page: number) {
  const params = { page, per_page: TICKETS_PER_PAGE };
  return queryOptions({
    queryKey: ticketKeys.list(params),
    queryFn: ({ signal }) => getTickets(params, signal),
  });
}

export function useTickets(page: number): TicketPage {
  return useSuspenseQuery(ticketsQueryOptions(page)).data;
}
