import type { ReportQuery } from '../period';

/** Query keys of the reports: the scope, and each panel per query (period and filters). */
export const reportKeys = {
  all: ['reports'] as const,
  scope: () => [...reportKeys.all, 'scope'] as const,
  panel: (panel: string, query: ReportQuery) => [...reportKeys.all, 'panel', panel, query] as const,
};
