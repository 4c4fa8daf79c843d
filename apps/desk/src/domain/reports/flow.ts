/**
 * Flow panels: volume (created and closed per bucket), backlog (open at the end of each bucket,
 * and the age of what is open at the end of the period) and reopen rate. Definitions:
 * docs/reports.md.
 */
import type { Db } from '../../db/client.ts';
import {
  bucketStarts,
  dayBucketSql,
  ENDED_STATES_SQL,
  Params,
  type Period,
  type ReportQuery,
  scopedRollup,
  scopedTickets,
} from './filters.ts';

export interface VolumeReport {
  buckets: { date: string; created: number; closed: number }[];
}

export interface BacklogReport {
  buckets: { date: string; open: number }[];
  age: { lt_1d: number; d1_7: number; d7_30: number; gt_30d: number };
}

export interface ReopenReport {
  closed: number;
  reopened: number;
  rate: number;
}

type Groups = number[] | undefined;

/**
 * Tickets created in the period, and tickets first closed (`close_at`) in it, per bucket: the
 * sums of the daily rollup (migration 0015), which counts both per UTC day.
 */
export async function volumeReport(
  db: Db,
  q: ReportQuery,
  period: Period,
  groups: Groups,
): Promise<VolumeReport> {
  const p = new Params();
  const r = await scopedRollup(db, p, q, period, groups);
  const rows = await db.query<{ d: string; created: number; closed: number }>(
    `SELECT to_char(${dayBucketSql(q.interval, 'r.day')}, 'YYYY-MM-DD') AS d,
            sum(r.created)::int AS created, sum(r.closed)::int AS closed
       ${r.from} AND r.day >= ${r.start} AND r.day < ${r.end}
      GROUP BY 1`,
    p.list,
  );
  const byDate = new Map(rows.map((r) => [r.d, r]));
  return {
    buckets: bucketStarts(period, q.interval).map((date) => ({
      date,
      created: byDate.get(date)?.created ?? 0,
      closed: byDate.get(date)?.closed ?? 0,
    })),
  };
}

/**
 * The spans during which each ticket of `f` was closed or merged, from its state history
 * (`histories`, attribute `state`): from a change into a closed/merged state to the next change
 * (null: still). A ticket whose first change leaves such a state was in it from creation; a
 * ticket without state history has been in its current state since creation (closed: since
 * `close_at`). Each ticket's state rows come from histories_ticket_state_idx (one probe per
 * ticket of `f`, which is small: never a pass over the whole history).
 */
const SPANS_SQL = `
  ch AS (
    SELECT h.o_id AS ticket_id, h.created_at AS at, h.id_from, h.id_to,
           lead(h.created_at) OVER w AS until, row_number() OVER w AS n
      FROM f CROSS JOIN LATERAL (
             SELECT h.o_id, h.created_at, h.id, h.id_from, h.id_to FROM histories h
              WHERE h.object = 'Ticket' AND h.o_id = f.id AND h.attribute = 'state') h
    WINDOW w AS (PARTITION BY h.o_id ORDER BY h.created_at, h.id)),
  spans AS (
    SELECT ticket_id, at AS start, until FROM ch WHERE id_to IN (${ENDED_STATES_SQL})
    UNION ALL
    SELECT ch.ticket_id, f.created_at, ch.at FROM ch JOIN f ON f.id = ch.ticket_id
     WHERE ch.n = 1 AND ch.id_from IN (${ENDED_STATES_SQL})
    UNION ALL
    SELECT f.id, COALESCE(f.close_at, f.created_at), NULL FROM f
     WHERE f.state_id IN (${ENDED_STATES_SQL}) AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.ticket_id = f.id))`;

/**
 * Open at the end of each bucket: created before it, minus closed spans begun before it, plus
 * those spans that ended (reopenings) before it; summed in bucket order. The rollup keeps these
 * events per day (`open_delta`), so this adds up days, not tickets.
 */
export async function backlogReport(
  db: Db,
  q: ReportQuery,
  period: Period,
  groups: Groups,
): Promise<BacklogReport> {
  const p = new Params();
  const r = await scopedRollup(db, p, q, period, groups);
  const month = `${p.add(`${period.start.toISOString().slice(0, 7)}-01`)}::date`;
  // Before the period: whole months from report_monthly, then the days of the period's first
  // month before it; in the period: per day (then per bucket).
  const deltas = await db.query<{ d: string | null; delta: number }>(
    `WITH m AS (SELECT sum(r.open_delta) AS delta ${r.fromMonthly} AND r.month < ${month}),
     d AS (SELECT r.day, sum(r.open_delta) AS delta ${r.from} AND r.day >= ${month} AND r.day < ${r.end} GROUP BY r.day)
     SELECT NULL AS d, coalesce((SELECT delta FROM m), 0)::int + coalesce(sum(d.delta) FILTER (WHERE d.day < ${r.start}), 0)::int AS delta
       FROM d
     UNION ALL
     SELECT to_char(${dayBucketSql(q.interval, 'd.day')}, 'YYYY-MM-DD'), sum(d.delta)::int
       FROM d WHERE d.day >= ${r.start} GROUP BY 1`,
    p.list,
  );
  const buckets = runningOpen(deltas, bucketStarts(period, q.interval));
  return {
    buckets,
    age: await openAge(db, q, period, groups, buckets.at(-1)?.open ?? 0),
  };
}

function runningOpen(deltas: { d: string | null; delta: number }[], dates: string[]) {
  const byDate = new Map(deltas.map((r) => [r.d, r.delta]));
  let open = byDate.get(null) ?? 0;
  return dates.map((date) => {
    open += byDate.get(date) ?? 0;
    return { date, open };
  });
}

/**
 * How long the tickets open at the end of the period have been open (since creation). Only the
 * tickets created in the last 30 days before the end are looked at one by one (the index on
 * `created_at`); the rest of the open ones (`open`, from the rollup) are 30 days old or more.
 */
async function openAge(
  db: Db,
  q: ReportQuery,
  period: Period,
  groups: Groups,
  open: number,
): Promise<BacklogReport['age']> {
  const p = new Params();
  const f = await scopedTickets(db, p, q, groups);
  const end = p.add(period.end.toISOString());
  const rows = await db.query<Omit<BacklogReport['age'], 'gt_30d'>>(
    `WITH f AS NOT MATERIALIZED (${f} AND t.created_at > ${end}::timestamptz - interval '30 days'
                                     AND t.created_at < ${end}::timestamptz), ${SPANS_SQL},
     open AS (
       SELECT ${end}::timestamptz - f.created_at AS age FROM f
        WHERE NOT EXISTS (SELECT 1 FROM spans s WHERE s.ticket_id = f.id AND s.start < ${end}::timestamptz
                            AND (s.until IS NULL OR s.until >= ${end}::timestamptz)))
     SELECT count(*) FILTER (WHERE age < interval '1 day')::int AS lt_1d,
            count(*) FILTER (WHERE age >= interval '1 day' AND age < interval '7 days')::int AS d1_7,
            count(*) FILTER (WHERE age >= interval '7 days')::int AS d7_30
       FROM open`,
    p.list,
  );
  const { lt_1d, d1_7, d7_30 } = rows[0] ?? { lt_1d: 0, d1_7: 0, d7_30: 0 };
  return { lt_1d, d1_7, d7_30, gt_30d: open - lt_1d - d1_7 - d7_30 };
}

/**
 * Tickets first closed in the period (merged ones left out), and how many of them were reopened
 * afterwards (a state change from a closed state to one that is neither closed nor merged): the
 * rollup's `closed_kept` and `reopened` of the period's days.
 */
export async function reopenReport(
  db: Db,
  q: ReportQuery,
  period: Period,
  groups: Groups,
): Promise<ReopenReport> {
  const p = new Params();
  const r = await scopedRollup(db, p, q, period, groups);
  const row = await db.query<{ closed: number; reopened: number }>(
    `SELECT coalesce(sum(r.closed_kept), 0)::int AS closed, coalesce(sum(r.reopened), 0)::int AS reopened
       ${r.from} AND r.day >= ${r.start} AND r.day < ${r.end}`,
    p.list,
  );
  const { closed, reopened } = row[0] ?? { closed: 0, reopened: 0 };
  return { closed, reopened, rate: closed === 0 ? 0 : Math.round((reopened / closed) * 10_000) / 10_000 };
}
