/*
 * Report panels against a real Zammad (docs/reports.md, "Against a real Zammad"): the same
 * figures as the desk's `/eosc_reports/{panel}`, computed by the BFF from Zammad's standard API.
 * This module decides what each panel must read (fetch.ts) and hands it to the pure computation
 * (panels.ts).
 */
import type { ZammadClient } from '@eosc/zammad-api';
import { BffError } from '../errors.ts';
import type { ReferenceData } from '../reference.ts';
import type { AnyPanelData, Panel, ReportQuery } from '../reports.ts';
import {
  articlesOf,
  CONCURRENCY,
  type Leaf,
  mapLimit,
  providerServices,
  searchAll,
  stateHistory,
  type TicketReadCache,
  userNames,
} from './fetch.ts';
import {
  isEnded,
  type Period,
  periodOf,
  type StateChange,
  type StateKinds,
  type ZArticle,
  type ZTicket,
} from './model.ts';
import {
  backlogPanel,
  reopenPanel,
  servicesPanel,
  slaPanel,
  timesPanel,
  volumePanel,
  workloadCounts,
  workloadPanel,
} from './panels.ts';

/** Zammad's article types (seed names); a `channel` filter naming another is refused, as the desk does. */
export const ARTICLE_TYPES = [
  'email',
  'sms',
  'chat',
  'fax',
  'phone',
  'twitter status',
  'twitter direct-message',
  'facebook feed post',
  'facebook feed comment',
  'note',
  'web',
  'telegram personal-message',
  'facebook direct-message',
  'whatsapp message',
];

export interface ZammadSource {
  /** Acting for the person: only the tickets they may read are counted. */
  upstream: ZammadClient;
  reference: ReferenceData;
  /** State histories and articles already read (shared by the panels of a dashboard). */
  reads: TicketReadCache;
  /** Identifies the helpdesk in the history cache (its URL). */
  helpdesk: string;
  /** The helpdesk's clock (the `Date` of its latest reply), read after the tickets were. */
  now: () => number;
}

/** Server-side bounds are widened by this much (Zammad's `before`/`after` may be strict); exact checks follow here. */
const MARGIN_MS = 1000;
const iso = (at: number) => new Date(at).toISOString();
const ids = (list: string | undefined) => (list ? list.split(',').map(Number) : undefined);

export function stateKinds(ref: ReferenceData): StateKinds {
  const of = (type: string) => new Set(ref.states.filter((s) => s.state_type === type).map((s) => s.id));
  return { closed: of('closed'), merged: of('merged') };
}

/** The filters Zammad's condition can say (groups, priorities); the rest is checked here. */
function scopeLeaves(q: ReportQuery): Leaf[] {
  const leaves: Leaf[] = [];
  const groups = ids(q.group_ids);
  const priorities = ids(q.priority_ids);
  if (groups) leaves.push({ name: 'ticket.group_id', operator: 'is', value: groups.map(String) });
  if (priorities) leaves.push({ name: 'ticket.priority_id', operator: 'is', value: priorities.map(String) });
  return leaves;
}

async function ticketFilter(src: ZammadSource, q: ReportQuery): Promise<(t: ZTicket) => boolean> {
  if (q.channel !== undefined && !ARTICLE_TYPES.includes(q.channel))
    throw new BffError(422, 'invalid_input', `channel: unknown article type ${JSON.stringify(q.channel)}.`);
  const groups = ids(q.group_ids);
  const priorities = ids(q.priority_ids);
  const services = q.provider === undefined ? undefined : await providerServices(src.upstream, q.provider);
  return (t) =>
    (!groups || groups.includes(t.group_id)) &&
    (!priorities || priorities.includes(t.priority_id)) &&
    (q.type === undefined || t.eosc_ticket_type === q.type) &&
    (q.service === undefined || t.eosc_service === q.service) &&
    (!services || (t.eosc_service !== null && services.has(t.eosc_service))) &&
    (q.channel === undefined || t.channel === q.channel);
}

const between = (column: string, p: Period): Leaf[] => [
  { name: `ticket.${column}`, operator: 'after (absolute)', value: iso(p.start - MARGIN_MS) },
  { name: `ticket.${column}`, operator: 'before (absolute)', value: iso(p.end + MARGIN_MS) },
];

type Need = 'created' | 'closed' | 'backlog' | 'answered';
const NEEDS: Record<Panel, Need[]> = {
  volume: ['created', 'closed'],
  backlog: ['backlog'],
  times: ['created', 'closed'],
  sla: ['created'],
  reopen: ['closed'],
  services: ['created'],
  workload: ['created', 'closed', 'answered'],
};

/** The searches a need runs (each an AND of leaves; their results are united). */
function searches(need: Need, p: Period, kinds: StateKinds, ref: ReferenceData): Leaf[][] {
  const before = { name: 'ticket.created_at', operator: 'before (absolute)', value: iso(p.end + MARGIN_MS) };
  const ended = ref.states.filter((s) => isEnded(kinds, s.id)).map((s) => String(s.id));
  const open = ref.states.filter((s) => !isEnded(kinds, s.id)).map((s) => String(s.id));
  switch (need) {
    case 'created':
      return [between('created_at', p)];
    case 'closed':
      return [between('close_at', p)];
    case 'backlog':
      // Open now, or ended but changed since the start: the rest ended for good before it.
      return [
        ...(open.length ? [[before, { name: 'ticket.state_id', operator: 'is', value: open }]] : []),
        ...(ended.length
          ? [
              [
                before,
                { name: 'ticket.state_id', operator: 'is', value: ended },
                { name: 'ticket.updated_at', operator: 'after (absolute)', value: iso(p.start - MARGIN_MS) },
              ],
            ]
          : []),
      ];
    case 'answered':
      // An agent's public message moves `last_contact_agent_at`: tickets without one since the start had no response in the period.
      return [
        [
          before,
          {
            name: 'ticket.last_contact_agent_at',
            operator: 'after (absolute)',
            value: iso(p.start - MARGIN_MS),
          },
        ],
      ];
  }
}

async function historiesOf(src: ZammadSource, tickets: ZTicket[]): Promise<Map<number, StateChange[]>> {
  const lists = await mapLimit(tickets, CONCURRENCY, (t) =>
    src.reads.get(`${src.helpdesk}\nhistory\n${t.id}\n${t.updated_at}`, () =>
      stateHistory(src.upstream, t.id),
    ),
  );
  return new Map(tickets.map((t, i) => [t.id, lists[i] as StateChange[]]));
}

/** One panel's figures, as the desk's `GET /eosc_reports/{panel}` would give them. */
export async function zammadPanel<P extends Panel>(
  src: ZammadSource,
  panel: P,
  q: ReportQuery,
): Promise<AnyPanelData[P]> {
  const p = periodOf(q.from, q.to);
  const interval = q.interval ?? 'day';
  const kinds = stateKinds(src.reference);
  const keep = await ticketFilter(src, q);
  const scope = scopeLeaves(q);
  const found = new Map<number, ZTicket>();
  const needs = NEEDS[panel];
  const lists = await Promise.all(
    needs
      .flatMap((n) => searches(n, p, kinds, src.reference))
      .map((leaves) => searchAll(src.upstream, [...scope, ...leaves])),
  );
  for (const list of lists) for (const t of list) if (keep(t)) found.set(t.id, t);
  const pool = [...found.values()];
  const result = await (async (): Promise<unknown> => {
    switch (panel) {
      case 'volume':
        return volumePanel(pool, p, interval);
      case 'backlog': {
        const needHistory = pool.filter((t) => isEnded(kinds, t.state_id) || t.close_at !== null);
        return backlogPanel(pool, await historiesOf(src, needHistory), kinds, p, interval);
      }
      case 'times':
        return timesPanel(pool, kinds, p);
      case 'sla': {
        const groups = new Map(
          src.reference.groups.map((g) => [g.id, { name: g.name, qos_level: g.qos_level ?? null }]),
        );
        const priorities = new Map(src.reference.priorities.map((x) => [x.id, x.name]));
        return slaPanel(pool, kinds, p, src.now(), groups, priorities);
      }
      case 'reopen': {
        // Tickets open now have left their closed state: only the closed ones need their history.
        const closedNow = pool.filter((t) => kinds.closed.has(t.state_id) && p.start <= (t.close_at ?? -1));
        return reopenPanel(pool, await historiesOf(src, closedNow), kinds, p);
      }
      case 'services':
        return servicesPanel(pool, kinds, p);
      case 'workload': {
        const answered = pool.filter(
          (t) =>
            !kinds.merged.has(t.state_id) &&
            t.last_contact_agent_at !== null &&
            t.last_contact_agent_at >= p.start,
        );
        const articles: ZArticle[] = (
          await mapLimit(answered, CONCURRENCY, (t) =>
            src.reads.get(`${src.helpdesk}\narticles\n${t.id}\n${t.updated_at}`, () =>
              articlesOf(src.upstream, t.id),
            ),
          )
        ).flat();
        const rows = workloadCounts(pool, articles, kinds, p);
        return workloadPanel(rows, await userNames(src.upstream, [...rows.keys()]));
      }
    }
  })();
  return result as AnyPanelData[P];
}
