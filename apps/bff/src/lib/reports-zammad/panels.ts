/*
 * The seven report panels computed from Zammad's ticket fields, state history and articles:
 * pure functions of what fetch.ts read, one per panel, each following docs/reports.md and the
 * desk's SQL (apps/desk/src/domain/reports/flow.ts and quality.ts) so both give the same numbers.
 * `pool` is every ticket the panel may need, filters already applied; each function picks the
 * tickets its definition names (created in the period, first closed in it…).
 */
import type { PanelData } from '../reports.ts';
import {
  DAY_MS,
  isEnded,
  type Period,
  type StateChange,
  type StateKinds,
  within,
  type ZArticle,
  type ZTicket,
} from './model.ts';
import { bucketOf, bucketStarts, closedSpans, type Interval, openAt, percentileDisc } from './stats.ts';

const SYSTEM_USER = 1;
const notMerged = (k: StateKinds) => (t: ZTicket) => !k.merged.has(t.state_id);
const count = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

export function volumePanel(pool: readonly ZTicket[], p: Period, interval: Interval): PanelData<'volume'> {
  const created = new Map<string, number>();
  const closed = new Map<string, number>();
  for (const t of pool) {
    if (within(p, t.created_at)) count(created, bucketOf(interval, t.created_at));
    if (within(p, t.close_at)) count(closed, bucketOf(interval, t.close_at));
  }
  return {
    buckets: bucketStarts(p, interval).map((date) => ({
      date,
      created: created.get(date) ?? 0,
      closed: closed.get(date) ?? 0,
    })),
  };
}

/**
 * Open tickets at the end of each bucket (running sums of +1 at creation, −1 when a closed or
 * merged span starts, +1 when it ends), and the age of those open at the end of the period.
 * `pool` must hold every ticket created before the end that was open at some time from the
 * start on; tickets ended for good before the start add nothing and may be left out.
 */
export function backlogPanel(
  pool: readonly ZTicket[],
  histories: ReadonlyMap<number, readonly StateChange[]>,
  kinds: StateKinds,
  p: Period,
  interval: Interval,
): PanelData<'backlog'> {
  const deltas = new Map<string | null, number>();
  const add = (at: number, delta: number) => {
    if (at >= p.end) return;
    const key = at < p.start ? null : bucketOf(interval, at);
    deltas.set(key, (deltas.get(key) ?? 0) + delta);
  };
  const age = { lt_1d: 0, d1_7: 0, d7_30: 0, gt_30d: 0 };
  for (const t of pool) {
    const spans = closedSpans(t, histories.get(t.id) ?? [], kinds);
    add(t.created_at, 1);
    for (const s of spans) {
      add(s.start, -1);
      if (s.until !== null) add(s.until, 1);
    }
    if (!openAt(t, spans, p.end)) continue;
    const days = (p.end - t.created_at) / DAY_MS;
    if (days < 1) age.lt_1d++;
    else if (days < 7) age.d1_7++;
    else if (days < 30) age.d7_30++;
    else age.gt_30d++;
  }
  let open = deltas.get(null) ?? 0;
  const buckets = bucketStarts(p, interval).map((date) => {
    open += deltas.get(date) ?? 0;
    return { date, open };
  });
  return { buckets, age };
}

function stat(values: number[]) {
  return { count: values.length, median: percentileDisc(values, 0.5), p90: percentileDisc(values, 0.9) };
}

/** Business minutes as Zammad stores them: first response of tickets created, resolution of those first closed. */
export function timesPanel(pool: readonly ZTicket[], kinds: StateKinds, p: Period): PanelData<'times'> {
  const fr: number[] = [];
  const res: number[] = [];
  const frWeeks = new Map<string, number[]>();
  const resWeeks = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, v: number) =>
    map.set(key, [...(map.get(key) ?? []), v]);
  for (const t of pool.filter(notMerged(kinds))) {
    if (within(p, t.created_at) && t.first_response_in_min !== null) {
      fr.push(t.first_response_in_min);
      push(frWeeks, bucketOf('week', t.created_at), t.first_response_in_min);
    }
    if (within(p, t.close_at) && t.close_in_min !== null) {
      res.push(t.close_in_min);
      push(resWeeks, bucketOf('week', t.close_at), t.close_in_min);
    }
  }
  return {
    first_response: stat(fr),
    resolution: stat(res),
    trend: bucketStarts(p, 'week').map((date) => ({
      date,
      first_response_median: percentileDisc(frWeeks.get(date) ?? [], 0.5),
      resolution_median: percentileDisc(resWeeks.get(date) ?? [], 0.5),
    })),
  };
}

export type SlaStatus = 'met' | 'breached' | 'running' | null;

/** The first-response SLA status at instant `now` (the helpdesk's clock); null: not counted. */
export function firstResponseStatus(t: ZTicket, now: number): SlaStatus {
  const diff = t.first_response_diff_in_min;
  const esc = t.first_response_escalation_at;
  if (t.first_response_at !== null) return diff === null ? null : diff >= 0 ? 'met' : 'breached';
  if (esc === null) return null;
  return esc <= now ? 'breached' : 'running';
}

interface Counts {
  met: number;
  breached: number;
  running: number;
}
const byName = (a: { name: string; id: number }, b: { name: string; id: number }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;

export function slaPanel(
  pool: readonly ZTicket[],
  kinds: StateKinds,
  p: Period,
  now: number,
  groups: ReadonlyMap<number, { name: string; qos_level: string | null }>,
  priorities: ReadonlyMap<number, string>,
): PanelData<'sla'> {
  const units = new Map<number, Counts>();
  const prios = new Map<number, Counts>();
  const tally = (map: Map<number, Counts>, id: number, st: SlaStatus) => {
    const c = map.get(id) ?? { met: 0, breached: 0, running: 0 };
    if (st) c[st]++;
    map.set(id, c);
  };
  for (const t of pool.filter(notMerged(kinds))) {
    if (!within(p, t.created_at)) continue;
    const st = firstResponseStatus(t, now);
    if (groups.has(t.group_id)) tally(units, t.group_id, st);
    if (priorities.has(t.priority_id)) tally(prios, t.priority_id, st);
  }
  return {
    units: [...units]
      .map(([id, c]) => {
        const g = groups.get(id) as { name: string; qos_level: string | null };
        return { id, name: g.name, qos_level: g.qos_level, c };
      })
      .sort(byName)
      .map(({ id, name, qos_level, c }) => ({ group_id: id, name, qos_level, ...c })),
    priorities: [...prios]
      .sort(([a], [b]) => a - b)
      .map(([id, c]) => ({ priority_id: id, name: priorities.get(id) as string, ...c })),
  };
}

/**
 * Tickets (not merged) first closed in the period, and those of them with a later change from a
 * closed state to one neither closed nor merged. A ticket whose history was not read (`histories`
 * has no entry) counts as reopened when it is open now: it left its closed state since.
 */
export function reopenPanel(
  pool: readonly ZTicket[],
  histories: ReadonlyMap<number, readonly StateChange[]>,
  kinds: StateKinds,
  p: Period,
): PanelData<'reopen'> {
  let closed = 0;
  let reopened = 0;
  for (const t of pool.filter(notMerged(kinds))) {
    if (!within(p, t.close_at)) continue;
    closed++;
    const changes = histories.get(t.id);
    const again = changes
      ? changes.some(
          (c) =>
            c.at >= (t.close_at as number) &&
            c.from !== null &&
            kinds.closed.has(c.from) &&
            !isEnded(kinds, c.to),
        )
      : !isEnded(kinds, t.state_id);
    if (again) reopened++;
  }
  return { closed, reopened, rate: closed === 0 ? 0 : Math.round((reopened / closed) * 10_000) / 10_000 };
}

export function servicesPanel(pool: readonly ZTicket[], kinds: StateKinds, p: Period): PanelData<'services'> {
  const created = new Map<string, number>();
  for (const t of pool.filter(notMerged(kinds)))
    if (within(p, t.created_at) && t.eosc_service) count(created, t.eosc_service);
  return {
    services: [...created]
      .map(([service, n]) => ({ service, created: n }))
      .sort((a, b) => b.created - a.created || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))
      .slice(0, 10),
  };
}

/** A response (docs/service-levels.md): public, not a note, written with the Agent sender. */
export const isResponse = (a: ZArticle) => !a.internal && a.sender === 'Agent' && a.type !== 'note';

type WorkloadRow = { assigned: number; answered: number; closed: number };

/** Per person: tickets created in the period they own, tickets they answered in it (once each), tickets first closed in it they own. */
export function workloadCounts(
  pool: readonly ZTicket[],
  articles: readonly ZArticle[],
  kinds: StateKinds,
  p: Period,
): Map<number, WorkloadRow> {
  const rows = new Map<number, WorkloadRow>();
  const row = (id: number) => {
    const r = rows.get(id) ?? { assigned: 0, answered: 0, closed: 0 };
    rows.set(id, r);
    return r;
  };
  const tickets = new Set<number>();
  for (const t of pool.filter(notMerged(kinds))) {
    tickets.add(t.id);
    if (within(p, t.created_at) && t.owner_id !== SYSTEM_USER) row(t.owner_id).assigned++;
    if (within(p, t.close_at) && t.owner_id !== SYSTEM_USER) row(t.owner_id).closed++;
  }
  const answered = new Set<string>();
  for (const a of articles) {
    if (!tickets.has(a.ticket_id) || !within(p, a.created_at) || !isResponse(a)) continue;
    const key = `${a.created_by_id}:${a.ticket_id}`;
    if (answered.has(key)) continue;
    answered.add(key);
    row(a.created_by_id).answered++;
  }
  return rows;
}

/** The workload, busiest first (ties by user id); people without a name (not readable) are left out. */
export function workloadPanel(
  rows: ReadonlyMap<number, WorkloadRow>,
  names: ReadonlyMap<number, string>,
): PanelData<'workload'> {
  return {
    agents: [...rows]
      .filter(([id]) => names.has(id))
      .map(([id, r]) => ({ user_id: id, name: names.get(id) as string, ...r }))
      .sort(
        (a, b) =>
          b.assigned + b.answered + b.closed - (a.assigned + a.answered + a.closed) || a.user_id - b.user_id,
      ),
  };
}
