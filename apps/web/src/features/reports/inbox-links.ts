import type { ReportFilters } from './period';

/*
 * Report figures link to the agent inbox with the matching filters where the inbox has them
 * (features/overviews/api/filters.ts reads `group`, `priority`, `type`, `service`, `owner` and
 * `sla` from its URL). The inbox lists open tickets now, not a past period: a link from a
 * breached-SLA count shows the unit's tickets that are breached now.
 */

/** The inbox overview the links open: every open ticket the person may see. */
export const INBOX_VIEW = 'all_open';

export interface InboxLink {
  group?: string[] | string | number;
  priority?: string[] | string | number;
  owner?: number;
  sla?: 'breached' | 'running';
  service?: string;
}

const list = (v: string[] | string | number | undefined) =>
  v === undefined ? undefined : Array.isArray(v) ? v.join(',') : String(v);

/** The inbox URL for a figure: the report's own filters, narrowed by the figure's. */
export function inboxHref(filters: ReportFilters, link: InboxLink = {}): string {
  const p = new URLSearchParams({ view: INBOX_VIEW });
  const group = list(link.group) ?? list(filters.unit);
  const priority = list(link.priority) ?? list(filters.priority);
  if (group) p.set('group', group);
  if (priority) p.set('priority', priority);
  if (filters.type) p.set('type', filters.type);
  const service = link.service ?? filters.service;
  if (service) p.set('service', service);
  if (link.owner !== undefined) p.set('owner', String(link.owner));
  if (link.sla) p.set('sla', link.sla);
  return `/agent?${p}`;
}
