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
  MERGED_STATES_SQL,
  Params,
  type Period,
  type ReportQuery,
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
  const stat = (col: string, at: string) => `
    SELECT count(*)::int AS count,
           percentile_disc(0.5) WITHIN GROUP (ORDER BY ${col}) AS median,
           percentile_disc(0.9) WITHIN GROUP (ORDER BY ${col}) AS p90
      FROM f WHERE ${b.inPeriod(at)} AND ${col} IS NOT NULL`;
  const [fr] = await db.query<Stat>(`${b.with} ${stat('first_response_in_min', 'created_at')}`, b.p.list);
  const [res] = await db.query<Stat>(`${b.with} ${stat('close_in_min', 'close_at')}`, b.p.list);
  const weekly = (col: string, at: string) => `
    SELECT to_char(${bucketSql('week', at)}, 'YYYY-MM-DD') AS d,
           percentile_disc(0.5) WITHIN GROUP (ORDER BY ${col}) AS median
      FROM f WHERE ${b.inPeriod(at)} AND ${col} IS NOT NULL GROUP BY 1`;
  const frWeeks = await db.query<{ d: string; median: number }>(
    `${b.with} ${weekly('first_response_in_min', 'created_at')}`,
    b.p.list,
  );
  const resWeeks = await db.query<{ d: string; median: number }>(
    `${b.with} ${weekly('close_in_min', 'close_at')}`,
    b.p.list,
  );
  const frBy = new Map(frWeeks.map((r) => [r.d, r.median]));
  const resBy = new Map(resWeeks.map((r) => [r.d, r.median]));
  return {
    first_response: fr ?? { count: 0, median: null, p90: null },
    resolution: res ?? { count: 0, median: null, p90: null },
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
  const units = await db.query<SlaReport['units'][number]>(
    `${s} SELECT g.id AS group_id, g.name, g.qos_level, ${COUNTS}
            FROM s JOIN groups g ON g.id = s.group_id GROUP BY g.id ORDER BY g.name, g.id`,
    b.p.list,
  );
  const priorities = await db.query<SlaReport['priorities'][number]>(
    `${s} SELECT pr.id AS priority_id, pr.name, ${COUNTS}
            FROM s JOIN ticket_priorities pr ON pr.id = s.priority_id GROUP BY pr.id ORDER BY pr.id`,
    b.p.list,
  );
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
  const agents = await db.query<WorkloadReport['agents'][number]>(
    `${b.with},
     w AS (
       SELECT owner_id AS user_id, 1 AS assigned, 0 AS answered, 0 AS closed FROM f
        WHERE ${b.inPeriod('created_at')} AND owner_id <> 1
       UNION ALL
       SELECT x.user_id, 0, 1, 0 FROM (
         SELECT DISTINCT a.created_by_id AS user_id, a.ticket_id FROM ticket_articles a
           JOIN f ON f.id = a.ticket_id
           JOIN ticket_article_senders se ON se.id = a.sender_id AND se.name = 'Agent'
           JOIN ticket_article_types ty ON ty.id = a.type_id AND ty.name <> 'note'
          WHERE NOT a.internal AND ${b.inPeriod('a.created_at')}) x
       UNION ALL
       SELECT owner_id, 0, 0, 1 FROM f WHERE ${b.inPeriod('close_at')} AND owner_id <> 1)
     SELECT u.id AS user_id, trim(u.firstname || ' ' || u.lastname) AS name,
            sum(assigned)::int AS assigned, sum(answered)::int AS answered, sum(closed)::int AS closed
       FROM w JOIN users u ON u.id = w.user_id
      GROUP BY u.id ORDER BY sum(assigned) + sum(answered) + sum(closed) DESC, u.id`,
    b.p.list,
  );
  return { agents };
}
