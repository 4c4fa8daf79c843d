export type TicketStateFilter = 'all' | 'open' | 'waiting' | 'closed';
export type TicketScope = 'mine' | 'organization';
export type TicketListParams = {
  page: number;
  per_page: number;
  state?: TicketStateFilter;
  scope?: TicketScope;
  q?: string;
};
