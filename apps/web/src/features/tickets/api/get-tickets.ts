import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import { ticketKeys } from '@/lib/tickets/keys';
import type { TicketPage } from '@/lib/tickets/types';
import type { TicketListParams, TicketScope, TicketStateFilter } from './keys';

export const TICKETS_PER_PAGE = 25;

/** What the customer's ticket list shows; read from and written to the URL's search params. */
export type TicketListFilters = { page: number; state: TicketStateFilter; scope: TicketScope; q: string };

export const STATE_FILTERS: readonly TicketStateFilter[] = ['all', 'open', 'waiting', 'closed'];
const SEARCH_MAX = 500;

/** Filters from search params; anything unknown falls back to the default. */
export function parseTicketFilters(params: URLSearchParams): TicketListFilters {
  const page = Number(params.get('page'));
  const state = params.get('state');
  return {
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    state: STATE_FILTERS.find((s) => s === state) ?? 'all',
    scope: params.get('scope') === 'organization' ? 'organization' : 'mine',
    q: (params.get('q') ?? '').trim().slice(0, SEARCH_MAX),
  };
}

/** The list's URL for these filters; defaults are left out so plain links stay plain. */
export function ticketListHref(filters: TicketListFilters): string {
  const params = new URLSearchParams();
  if (filters.state !== 'all') params.set('state', filters.state);
  if (filters.scope !== 'mine') params.set('scope', filters.scope);
  if (filters.q) params.set('q', filters.q);
  if (filters.page > 1) params.set('page', String(filters.page));
  const search = params.toString();
  return search ? `/?${search}` : '/';
}

/** One page of the tickets the signed-in person may see, most recent activity first. */
export async function getTickets(params: TicketListParams, signal?: AbortSignal): Promise<TicketPage> {
  return unwrap(await bff.GET('/bff/tickets', { params: { query: params }, signal }));
}

function paramsOf(filters: TicketListFilters): TicketListParams {
  return {
    page: filters.page,
    per_page: TICKETS_PER_PAGE,
    state: filters.state,
    scope: filters.scope,
    ...(filters.q ? { q: filters.q } : {}),
  };
}

export function ticketsQueryOptions(filters: TicketListFilters) {
  const params = paramsOf(filters);
  return queryOptions({
    queryKey: ticketKeys.list(params),
    queryFn: ({ signal }) => getTickets(params, signal),
  });
}

export function useTickets(filters: TicketListFilters): TicketPage {
  return useSuspenseQuery(ticketsQueryOptions(filters)).data;
}
