import { useQuery } from '@tanstack/react-query';
import { referenceQueryOptions } from '@/lib/reference';
import { useServices } from '@/lib/services';
import type { Range, ReportFilters } from './period';

/*
 * A report figure that is a set of tickets opens exactly that set in the agent inbox: the
 * inbox's `all` list (every ticket the person may read, in any state) with the report's filters
 * and the figure's own, all kept in the inbox URL and applied by the BFF as one ticket search
 * (features/overviews/api/filters.ts). Definitions: docs/reports.md ("Opening the matching
 * tickets"). Figures without a condition (the backlog at an instant, reopenings, answers,
 * medians) and reports filtered by channel (no inbox filter) have no link.
 */

/** The inbox list the links open. */
export const INBOX_VIEW = 'all';

export interface InboxLink {
  /** Tickets created on these days. */
  created?: Range;
  /** Tickets first closed on these days. */
  closed?: Range;
  group?: number;
  priority?: number;
  owner?: number;
  firstResponse?: 'met' | 'breached' | 'running';
  service?: string;
  /** The figure leaves merged tickets out (every figure but created and closed). */
  notMerged?: boolean;
  /** Tickets open now (not closed, not merged). */
  openNow?: boolean;
}

type Context = {
  /** Ids of the states that are not `merged`. */
  liveStates: string[] | undefined;
  /** Ids of the open states (neither closed nor merged). */
  openStates: string[] | undefined;
  /** Service keys per provider name. */
  providerServices: Map<string, string[]> | undefined;
};

const range = (r: Range) => `${r.from}..${r.to}`;

/** The inbox URL of a figure, or undefined when the inbox cannot list exactly its tickets. */
export function inboxHref(filters: ReportFilters, link: InboxLink, ctx: Context): string | undefined {
  if (filters.channel) return undefined;
  const p = new URLSearchParams({ view: INBOX_VIEW });
  const group = link.group !== undefined ? [String(link.group)] : filters.unit;
  const priority = link.priority !== undefined ? [String(link.priority)] : filters.priority;
  if (group?.length) p.set('group', group.join(','));
  if (priority?.length) p.set('priority', priority.join(','));
  if (filters.type) p.set('type', filters.type);
  let services = link.service ? [link.service] : filters.service ? [filters.service] : undefined;
  if (filters.provider) {
    const ofProvider = ctx.providerServices?.get(filters.provider);
    if (!ofProvider) return undefined;
    services = services ? services.filter((s) => ofProvider.includes(s)) : ofProvider;
    // A provider without services (or not offering the chosen one) has no tickets: no list.
    if (services.length === 0) return undefined;
  }
  if (services?.length) p.set('service', services.join(','));
  if (link.owner !== undefined) p.set('owner', String(link.owner));
  if (link.created) p.set('created', range(link.created));
  if (link.closed) p.set('closed', range(link.closed));
  if (link.firstResponse) p.set('first_response', link.firstResponse);
  const states = link.openNow ? ctx.openStates : link.notMerged ? ctx.liveStates : undefined;
  if (link.openNow || link.notMerged) {
    if (!states?.length) return undefined;
    p.set('state', states.join(','));
  }
  return `/agent?${p}`;
}

/**
 * `inboxHref` for a report's filters, with the reference data it needs (states, services);
 * always undefined when the reader has no inbox.
 */
export function useInboxHref(filters: ReportFilters, enabled: boolean) {
  const reference = useQuery({ ...referenceQueryOptions(), enabled });
  const services = useServices();
  const states = reference.data?.states ?? [];
  const liveStates = states.filter((s) => s.state_type !== 'merged').map((s) => String(s.id));
  const openStates = states
    .filter((s) => s.state_type !== 'merged' && s.state_type !== 'closed')
    .map((s) => String(s.id));
  let providerServices: Map<string, string[]> | undefined;
  if (services.data) {
    providerServices = new Map();
    for (const s of services.data) {
      if (!s.provider) continue;
      providerServices.set(s.provider, [...(providerServices.get(s.provider) ?? []), s.key]);
    }
  }
  return (link: InboxLink) =>
    enabled ? inboxHref(filters, link, { liveStates, openStates, providerServices }) : undefined;
}
