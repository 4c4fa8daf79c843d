/**
 * Quality panels: response and resolution times, first-response SLA per unit and priority, top
 * services and agents' workload. Definitions: docs/reports.md. Merged tickets are left out of
 * all of them: their conversation goes on in the ticket they were merged into.
 */
import type { Db } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { columnTypes } from '../search/common.ts';
import {
  bucketSql,
  bucketStarts,
  filterSql,
  MERGED_STATES_SQL,
  Params,
  type Period,
  type ReportQuery,
  ROLLUP_COLUMNS,
  scopedRollup,
  scopedTickets,
} from './filters.ts';
import { firstResponseStatusSql } from './sla-status.ts';

type Groups = number[] | undefined;

interface Stat {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface TimesReport {
  first_response: Stat;
  resolution: Stat;
  trend: { date: string; first_response_median: number | null; resolution_median: number | null }[];
}

export interface SlaCounts {
  met: number;
  breached: number;
  running: number;
}

export interface SlaReport {
  units: ({ group_id: number; name: string; qos_level: string | null } & SlaCounts)[];
  priorities: ({ priority_id: number; name: string } & SlaCounts)[];
}

export interface ServicesReport {
  services: { service: string; created: number }[];
}

export interface WorkloadReport {
  agents: { user_id: number; name: string; assigned: number; answered: number; closed: number }[];
}

/** `f`: the scoped tickets without merged ones; `inPeriod(col)`: col within the period. */
async function base(db: Db, q: ReportQuery, period: Period, groups: Groups) {
  const p = new Params();
  const f = await scopedTickets(db, p, q, groups);
  const start = p.add(period.start.toISOString());
  const end = p.add(period.end.toISOString());
  return {
    p,
    with: `WITH f AS NOT MATERIALIZED (${f} AND t.state_id NOT IN (${MERGED_STATES_SQL}))`,
    inPeriod: (col: string) => `${col} >= ${start}::timestamptz AND ${col} < ${end}::timestamptz`,
  };
}

/**
 * First response: tickets created in the period with `first_response_in_min`; resolution:
 * tickets first closed in the period with `close_in_min`. Medians and 90th percentiles are
 * values that occur (percentile_disc), in working minutes; the trend is per week.
 */
export async function timesReport(
  db: Db,
  q: ReportQuery,
  period: Period,
  groups: Groups,
): Promise<TimesReport> {
  const b = await base(db, q, period, groups);
  // One pass per figure: the whole period (the empty grouping set) and each week together.
  const stats = (col: string, at: string) =>
    db.query<Stat & { d: string | null }>(
      `${b.with}
       SELECT CASE WHEN GROUPING(x.w) = 1 THEN NULL ELSE to_char(x.w, 'YYYY-MM-DD') END AS d,
              count(*)::int AS count,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY x.v) AS median,
              percentile_disc(0.9) WITHIN GROUP (ORDER BY x.v) AS p90
         FROM (SELECT ${col} AS v, ${bucketSql('week', at)} AS w FROM f
                WHERE ${b.inPeriod(at)} AND ${col} IS NOT NULL) x
        GROUP BY GROUPING SETS ((), (x.w))`,
      b.p.list,
    );
  // The two figures read different rows (created vs closed in the period): side by side.
  const [frRows, resRows] = await Promise.all([
    stats('first_response_in_min', 'created_at'),
    stats('close_in_min', 'close_at'),
  ]);
  const overall = (rows: (Stat & { d: string | null })[]): Stat => {
    const row = rows.find((r) => r.d === null);
    return row
      ? { count: row.count, median: row.median, p90: row.p90 }
      : { count: 0, median: null, p90: null };
  };
  const fr = overall(frRows);
  const res = overall(resRows);
  const frBy = new Map(frRows.filter((r) => r.d !== null).map((r) => [r.d, r.median]));
  const resBy = new Map(resRows.filter((r) => r.d !== null).map((r) => [r.d, r.median]));
  return {
    first_response: fr,
    resolution: res,
    trend: bucketStarts(period, 'week').map((date) => ({
      date,
      first_response_median: frBy.get(date) ?? null,
      resolution_median: resBy.get(date) ?? null,
    })),
  };
}

const COUNTS = `count(*) FILTER (WHERE st = 'met')::int AS met,
  count(*) FILTER (WHERE st = 'breached')::int AS breached,
  count(*) FILTER (WHERE st = 'running')::int AS running`;

/** First-response SLA of the tickets created in the period, per unit and per priority. */
export async function slaReport(db: Db, q: ReportQuery, period: Period, groups: Groups): Promise<SlaReport> {
  const b = await base(db, q, period, groups);
  const nowParam = b.p.add(now().toISOString());
  const s = `${b.with}, s AS (SELECT f.group_id, f.priority_id, ${firstResponseStatusSql('f', nowParam)} AS st
                              FROM f WHERE ${b.inPeriod('f.created_at')})`;
  // One pass over the period's tickets, counted per unit and per priority (grouping sets).
  const rows = await db.query<
    SlaCounts & {
      by_priority: number;
      group_id: number;
      priority_id: number;
      name: string | null;
      qos_level: string | null;
    }
  >(
    `${s}, c AS (
       SELECT GROUPING(s.group_id) AS by_priority, s.group_id, s.priority_id, ${COUNTS}
         FROM s GROUP BY GROUPING SETS ((s.group_id), (s.priority_id)))
     SELECT c.*, coalesce(g.name, pr.name) AS name, g.qos_level
       FROM c LEFT JOIN groups g ON c.by_priority = 0 AND g.id = c.group_id
              LEFT JOIN ticket_priorities pr ON c.by_priority = 1 AND pr.id = c.priority_id
      ORDER BY c.by_priority, g.name, c.group_id, c.priority_id`,
    b.p.list,
  );
  const counts = (r: SlaCounts) => ({ met: r.met, breached: r.breached, running: r.running });
  const units = rows
    .filter((r) => r.by_priority === 0 && r.name !== null)
    .map((r) => ({ group_id: r.group_id, name: r.name as string, qos_level: r.qos_level, ...counts(r) }));
  const priorities = rows
    .filter((r) => r.by_priority === 1 && r.name !== null)
    .map((r) => ({ priority_id: r.priority_id, name: r.name as string, ...counts(r) }));
  return { units, priorities };
}

/**
 * The ten services with most tickets created in the period (ties by service key), merged ones
 * left out: the rollup's `created_kept` of the period's days.
 */
export async function servicesReport(
  db: Db,
  q: ReportQuery,
  period: Period,
  groups: Groups,
): Promise<ServicesReport> {
  if (!(await columnTypes(db, 'tickets')).has('eosc_service')) return { services: [] };
  const p = new Params();
  const r = await scopedRollup(db, p, q, period, groups);
  const services = await db.query<{ service: string; created: number }>(
    `SELECT r.service, sum(r.created_kept)::int AS created
       ${r.from} AND r.day >= ${r.start} AND r.day < ${r.end} AND r.service IS NOT NULL AND r.service <> ''
      GROUP BY r.service HAVING sum(r.created_kept) > 0
      ORDER BY created DESC, r.service LIMIT 10`,
    p.list,
  );
  return { services };
}

/**
 * Per agent: tickets created in the period that they own now (assigned), tickets they answered
 * in the period (a public, non-note article with the Agent sender), and tickets first closed in
 * the period that they own.
 */
export async function workloadReport(
  db: Db,
  q: ReportQuery,
  period: Period,
  groups: Groups,
): Promise<WorkloadReport> {
  const b = await base(db, q, period, groups);
  const ap = new Params();
  const a = {
    p: ap,
    where: await filterSql(db, ap, q, groups, ROLLUP_COLUMNS),
    start: ap.add(period.start.toISOString().slice(0, 10)),
    end: ap.add(period.end.toISOString().slice(0, 10)),
  };
  type Counts = { user_id: number; assigned: number; answered: number; closed: number };
  // Three independent counts, side by side (each reads the period's rows through its own index).
  const parts = await Promise.all([
    db.query<Counts>(
      `${b.with} SELECT owner_id AS user_id, count(*)::int AS assigned, 0 AS answered, 0 AS closed FROM f
        WHERE ${b.inPeriod('created_at')} AND owner_id <> 1 GROUP BY owner_id`,
      b.p.list,
    ),
    // The period's rows of report_answers (migration 0016: per ticket, agent and day, with the
    // ticket's current filtered fields), each ticket once per agent.
    db.query<Counts>(
      `SELECT r.user_id, 0 AS assigned, count(DISTINCT r.ticket_id)::int AS answered, 0 AS closed
         FROM report_answers r
        WHERE r.kept AND ${a.where ?? 'true'} AND r.day >= ${a.start}::date AND r.day < ${a.end}::date
        GROUP BY r.user_id`,
      a.p.list,
    ),
    db.query<Counts>(
      `${b.with} SELECT owner_id AS user_id, 0 AS assigned, 0 AS answered, count(*)::int AS closed FROM f
        WHERE ${b.inPeriod('close_at')} AND owner_id <> 1 GROUP BY owner_id`,
      b.p.list,
    ),
  ]);
  const byUser = new Map<number, Counts>();
  for (const row of parts.flat()) {
    const c = byUser.get(row.user_id) ?? { user_id: row.user_id, assigned: 0, answered: 0, closed: 0 };
    c.assigned += row.assigned;
    c.answered += row.answered;
    c.closed += row.closed;
    byUser.set(row.user_id, c);
  }
  const names = await db.query<{ id: number; name: string }>(
    `SELECT id, trim(firstname || ' ' || lastname) AS name FROM users WHERE id = ANY($1::int[])`,
    [[...byUser.keys()]],
  );
  const total = (c: Counts) => c.assigned + c.answered + c.closed;
  const agents = names
    .map((u) => ({ ...(byUser.get(u.id) as Counts), name: u.name }))
    .map(({ user_id, name, assigned, answered, closed }) => ({ user_id, name, assigned, answered, closed }))
    .sort((x, y) => total(y) - total(x) || x.user_id - y.user_id);
  return { agents };
}
