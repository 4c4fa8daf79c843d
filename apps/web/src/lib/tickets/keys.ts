import type { QueryClient } from '@tanstack/react-query';

/*
 * Ticket data is read by the portal (features/tickets), the agent ticket view
 * (features/agent-ticket) and the inbox (features/overviews): its query keys, and what a change
 * to a ticket refreshes, are kept here once.
 */

/** Query keys of tickets; invalidate by prefix (`all`, `lists()`, `details()`). */
export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (params: object) => [...ticketKeys.lists(), params] as const,
  details: () => [...ticketKeys.all, 'detail'] as const,
  detail: (id: number) => [...ticketKeys.details(), id] as const,
};

/** The root of the agent inbox's keys (counts and rows of overviews, which list tickets too). */
export const overviewsKey = ['overviews'] as const;

/** After a change to one ticket: the ticket (with what hangs under it), the lists, the overviews. */
export function refreshTicket(queryClient: QueryClient, id: number) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
    queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: overviewsKey }),
  ]);
}

/** After a change to several tickets: every ticket and every overview. */
export function refreshTickets(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: overviewsKey }),
    queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  ]);
}
