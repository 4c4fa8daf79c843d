export type TicketStateFilter = 'all' | 'open' | 'waiting' | 'closed';
export type TicketScope = 'mine' | 'organization';
export type TicketListParams = {
  page: number;
  per_page: number;
  state?: TicketStateFilter;
  scope?: TicketScope;
  q?: string;
};

/** Query keys of the tickets feature; invalidate by prefix (`all`, `lists()`, `details()`). */
export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (params: TicketListParams) => [...ticketKeys.lists(), params] as const,
  details: () => [...ticketKeys.all, 'detail'] as const,
  detail: (id: number) => [...ticketKeys.details(), id] as const,
};
