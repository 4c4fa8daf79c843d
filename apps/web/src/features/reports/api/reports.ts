import { queryOptions, useSuspenseQueries, useSuspenseQuery } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, bff, unwrap } from '@/lib/api-client';
import {
  monthOfRange,
  type Range,
  type ReportFilters,
  type ReportQuery,
  type ReportView,
  reportQuery,
} from '../period';
import { reportKeys } from './keys';

export const PANELS = ['volume', 'backlog', 'times', 'sla', 'reopen', 'services', 'workload'] as const;
export type Panel = (typeof PANELS)[number];

type PanelPath<P extends Panel> = `/bff/reports/${P}`;
export type PanelData<P extends Panel> = MethodResponse<Bff, 'get', PanelPath<P>>;
export type ReportScope = MethodResponse<Bff, 'get', '/bff/reports/scope'>;

export function scopeQueryOptions() {
  return queryOptions({
    queryKey: reportKeys.scope(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/reports/scope', { signal })),
    staleTime: 5 * 60_000,
  });
}

export function useReportScope() {
  return useSuspenseQuery(scopeQueryOptions()).data;
}

/** One panel's figures for a query; kept a minute (figures move slowly, the page is revisited). */
export function panelQueryOptions<P extends Panel>(panel: P, query: ReportQuery) {
  return queryOptions({
    queryKey: reportKeys.panel(panel, query),
    queryFn: async ({ signal }) => {
      // One typed call per panel: the BFF documents each path with its own reply.
      const get = bff.GET as unknown as (
        path: PanelPath<P>,
        init: { params: { query: ReportQuery }; signal: AbortSignal },
      ) => Promise<{ data?: PanelData<P>; response: Response }>;
      return unwrap(await get(`/bff/reports/${panel}`, { params: { query }, signal }));
    },
    staleTime: 60_000,
  });
}

export function usePanel<P extends Panel>(panel: P, range: Range, filters: ReportFilters): PanelData<P> {
  return useSuspenseQuery(panelQueryOptions(panel, reportQuery(range, filters))).data as PanelData<P>;
}

/** A panel's figures for the view's period and, when comparing, for the period before. */
export function usePanelCompared<P extends Panel>(
  panel: P,
  view: ReportView,
): { now: PanelData<P>; before: PanelData<P> | null } {
  const queries = [panelQueryOptions(panel, reportQuery(view.range, view.filters))];
  if (view.compare) queries.push(panelQueryOptions(panel, reportQuery(view.previous, view.filters)));
  const results = useSuspenseQueries({ queries });
  return {
    now: results[0]?.data as PanelData<P>,
    before: view.compare ? (results[1]?.data as PanelData<P>) : null,
  };
}

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) p.set(k, v);
  return `${path}?${p}`;
}

/** Where a panel's CSV downloads from (a plain link: the browser saves what the BFF names). */
export function panelCsvHref(panel: Panel, range: Range, filters: ReportFilters): string {
  return withQuery(`/bff/reports/${panel}.csv`, reportQuery(range, filters));
}

/** The monthly report (every panel) of the month a range starts in, with the same filters. */
export function monthlyCsvHref(range: Range, filters: ReportFilters): string {
  const { from: _from, to: _to, ...rest } = reportQuery(range, filters);
  return withQuery('/bff/reports/monthly.csv', { month: monthOfRange(range), ...rest });
}
