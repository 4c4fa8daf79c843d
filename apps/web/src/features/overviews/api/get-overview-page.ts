import { useInfiniteQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import { filterQuery, type InboxFilters } from './filters';
import { overviewKeys } from './keys';
import type { OverviewPage, Sort } from './types';

/** Rows fetched per request; the table asks for the next page as the agent scrolls near the end. */
export const INBOX_PAGE_SIZE = 200;

export async function getOverviewPage(
  link: string,
  sort: Sort,
  page: number,
  signal?: AbortSignal,
  filters?: InboxFilters,
): Promise<OverviewPage> {
  return unwrap(
    await bff.GET('/bff/agent/overviews/{link}', {
      params: {
        path: { link },
        query: {
          page,
          per_page: INBOX_PAGE_SIZE,
          ...(sort ? { sort_by: sort.by, order: sort.order } : {}),
          ...filterQuery(filters),
        },
      },
      signal,
    }),
  );
}

/** What the inbox table lists: an overview (sortable) or a search. */
export type RowSource =
  | { kind: 'overview'; link: string; sort: Sort; filters?: InboxFilters }
  | { kind: 'search'; q: string };
export type RowsPage = Pick<OverviewPage, 'items' | 'page' | 'per_page' | 'total_count'>;

export async function searchTicketsPage(q: string, page: number, signal?: AbortSignal): Promise<RowsPage> {
  return unwrap(
    await bff.GET('/bff/tickets', { params: { query: { q, page, per_page: 100, state: 'all' } }, signal }),
  );
}

const nextPage = (last: RowsPage) =>
  last.page * last.per_page < last.total_count ? last.page + 1 : undefined;

/** The table's rows, fetched a page at a time as the agent scrolls. */
export function useRows(source: RowSource) {
  return useInfiniteQuery({
    queryKey:
      source.kind === 'overview'
        ? [...overviewKeys.page(source.link, source.sort), source.filters ?? {}]
        : overviewKeys.search(source.q),
    queryFn: ({ pageParam, signal }): Promise<RowsPage> =>
      source.kind === 'overview'
        ? getOverviewPage(source.link, source.sort, pageParam, signal, source.filters)
        : searchTicketsPage(source.q, pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: nextPage,
  });
}
