/**
 * Flow panels: volume (created and closed per bucket), backlog (open at the end of each bucket,
 * and the age of what is open at the end of the period) and reopen rate. Definitions:
 * docs/reports.md.
 */
import type { Db } from '../../db/client.ts';
import {
  bucketSql,
  bucketStarts,
  CLOSED_STATES_SQL,
  ENDED_STATES_SQL,
  MERGED_STATES_SQL,
  Params,
  type Period,
  type ReportQuery,
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

/** Tickets created in the period, and tickets first closed (`close_at`) in it, per bucket. */
export async function volumeReport(
  db: Db,
  q: ReportQuery,
  period: Period,
  groups: Groups,
): Promise<VolumeReport> {
  const p = new Params();
  const f = await scopedTickets(db, p, q, groups);
  const start = p.add(period.start.toISOString());
  const end = p.add(period.end.toISOString());
  const rows = await db.query<{ d: string; created: number; closed: number }>(
    `WITH f AS (${f}),
     ev AS (
       SELECT ${bucketSql(q.interval, 'created_at')} AS d, 1 AS created, 0 AS closed FROM f
        WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz
       UNION ALL
       SELECT ${bucketSql(q.interval, 'close_at')}, 0, 1 FROM f
        WHERE close_at >= ${start}::timestamptz AND close_at < ${end}::timestamptz)
     SELECT to_char(d, 'YYYY-MM-DD') AS d, sum(created)::int AS created, sum(closed)::int AS closed
       FROM ev GROUP BY d`,
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
 * `close_at`).
 */
const SPANS_SQL = `
  ch AS (
    SELECT h.o_id AS ticket_id, h.created_at AS at, h.id_from, h.id_to,
           lead(h.created_at) OVER w AS until, row_number() OVER w AS n
      FROM histories h
     WHERE h.object = 'Ticket' AND h.attribute = 'state' AND h.o_id IN (SELECT id FROM f)
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
 * those spans that ended (reopenings) before it; summed in bucket order.
 */
export async function backlogReport(
  db: Db,
  q: ReportQuery,
  period: Period,
  groups: Groups,
): Promise<BacklogReport> {
  const p = new Params();
  const f = await scopedTickets(db, p, q, groups);
  const start = p.add(period.start.toISOString());
  const end = p.add(period.end.toISOString());
  const key = (col: string) =>
    `CASE WHEN ${col} < ${start}::timestamptz THEN NULL ELSE to_char(${bucketSql(q.interval, col)}, 'YYYY-MM-DD') END`;
  const deltas = await db.query<{ d: string | null; delta: number }>(
    `WITH f AS (${f}), ${SPANS_SQL},
     ev AS (
       SELECT created_at AS at, 1 AS delta FROM f
       UNION ALL SELECT start, -1 FROM spans
       UNION ALL SELECT until, 1 FROM spans WHERE until IS NOT NULL)
     SELECT ${key('at')} AS d, sum(delta)::int AS delta FROM ev
      WHERE at < ${end}::timestamptz GROUP BY 1`,
    p.list,
  );
  return {
    buckets: runningOpen(deltas, bucketStarts(period, q.interval)),
    age: await openAge(db, q, period, groups),
  };
}

/** Running sums of the open-ticket deltas (key null: before the period) over the buckets. */
function runningOpen(deltas: { d: string | null; delta: number }[], dates: string[]) {
  const byDate = new Map(deltas.map((r) => [r.d, r.delta]));
  let open = byDate.get(null) ?? 0;
  return dates.map((date) => {
    open += byDate.get(date) ?? 0;
    return { date, open };
  });
}

/** How long the tickets open at the end of the period have been open (since creation). */
async function openAge(
  db: Db,
  q: ReportQuery,
  period: Period,
  groups: Groups,
): Promise<BacklogReport['age']> {
  const p = new Params();
  const f = await scopedTickets(db, p, q, groups);
  const end = p.add(period.end.toISOString());
  const age = await db.query<BacklogReport['age']>(
    `WITH f AS (${f}), ${SPANS_SQL},
     open AS (
       SELECT ${end}::timestamptz - f.created_at AS age FROM f
        WHERE f.created_at < ${end}::timestamptz
          AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.ticket_id = f.id AND s.start < ${end}::timestamptz
                            AND (s.until IS NULL OR s.until >= ${end}::timestamptz)))
     SELECT count(*) FILTER (WHERE age < interval '1 day')::int AS lt_1d,
            count(*) FILTER (WHERE age >= interval '1 day' AND age < interval '7 days')::int AS d1_7,
            count(*) FILTER (WHERE age >= interval '7 days' AND age < interval '30 days')::int AS d7_30,
            count(*) FILTER (WHERE age >= interval '30 days')::int AS gt_30d
       FROM open`,
    p.list,
  );
  return age[0] ?? { lt_1d: 0, d1_7: 0, d7_30: 0, gt_30d: 0 };
}

/**
 * Tickets first closed in the period (merged ones left out), and how many of them were reopened
 * afterwards (a state change from a closed state to one that is neither closed nor merged).
 */
export async function reopenReport(
  db: Db,
  q: ReportQuery,
  period: Period,
  groups: Groups,
): Promise<ReopenReport> {
  const p = new Params();
  const f = await scopedTickets(db, p, q, groups);
  const start = p.add(period.start.toISOString());
  const end = p.add(period.end.toISOString());
  const row = await db.query<{ closed: number; reopened: number }>(
    `WITH f AS (${f}),
     c AS (SELECT f.id, f.close_at FROM f WHERE f.close_at >= ${start}::timestamptz
             AND f.close_at < ${end}::timestamptz AND f.state_id NOT IN (${MERGED_STATES_SQL}))
     SELECT count(*)::int AS closed,
            count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM histories h WHERE h.object = 'Ticket' AND h.o_id = c.id AND h.attribute = 'state'
                 AND h.created_at >= c.close_at AND h.id_from IN (${CLOSED_STATES_SQL})
                 AND h.id_to NOT IN (${ENDED_STATES_SQL})))::int AS reopened
       FROM c`,
    p.list,
  );
  const { closed, reopened } = row[0] ?? { closed: 0, reopened: 0 };
  return { closed, reopened, rate: closed === 0 ? 0 : Math.round((reopened / closed) * 10_000) / 10_000 };
}
