/**
 * The period and filters every panel shares, as SQL over tickets (alias `t`). Values travel as
 * parameters. The EOSC ticket attributes (`eosc_ticket_type`, `eosc_service`) are object-manager
 * columns that exist only once the EOSC attributes were migrated: without them, a filter on them
 * matches nothing.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { InvalidError } from '../errors.ts';
import { columnTypes } from '../search/common.ts';
import { Params, sqlAnd } from '../search/sql.ts';

export const MAX_RANGE_DAYS = 400;
const DAY_MS = 86_400_000;

export interface ReportQuery {
  /** YYYY-MM-DD, the first UTC day of the period. */
  from: string;
  /** YYYY-MM-DD, the last UTC day of the period (inclusive). */
  to: string;
  group_ids?: number[] | undefined;
  priority_ids?: number[] | undefined;
  type?: string | undefined;
  service?: string | undefined;
  provider?: string | undefined;
  channel?: string | undefined;
  interval: 'day' | 'week';
}

export interface Period {
  /** First instant of the period. */
  start: Date;
  /** First instant after the period (the day after `to`, 00:00 UTC). */
  end: Date;
}

function day(name: string, value: string): Date {
  const d = new Date(`${value}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(d.getTime()) ||
    d.toISOString().slice(0, 10) !== value
  )
    throw new InvalidError(`Invalid value for param '${name}': ${JSON.stringify(value)} (YYYY-MM-DD)`);
  return d;
}

/** The period from `from` to `to`, both UTC days, inclusive; at most MAX_RANGE_DAYS days. */
export function periodOf(q: { from: string; to: string }): Period {
  const start = day('from', q.from);
  const last = day('to', q.to);
  if (start > last) throw new InvalidError("Invalid period: 'from' is after 'to'");
  const days = (last.getTime() - start.getTime()) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS)
    throw new InvalidError(`Invalid period: ${days} days, at most ${MAX_RANGE_DAYS}`);
  return { start, end: new Date(last.getTime() + DAY_MS) };
}

/** Where the filtered fields are: a ticket's columns, or the same keys of a rollup row. */
export interface FilterColumns {
  group: string;
  priority: string;
  type: string;
  service: string;
  channel: string;
}

/** The ticket's own columns (alias `t`). */
export const TICKET_COLUMNS: FilterColumns = {
  group: 't.group_id',
  priority: 't.priority_id',
  type: 't."eosc_ticket_type"',
  service: 't."eosc_service"',
  channel: 't.create_article_type_id',
};

/**
 * The keys of `report_daily` (alias `r`, migration 0015): the ticket's current group, priority,
 * service, type and channel, so a filter selects exactly the rows of the tickets it selects.
 */
export const ROLLUP_COLUMNS: FilterColumns = {
  group: 'r.group_id',
  priority: 'r.priority_id',
  type: 'r.ticket_type',
  service: 'r.service',
  channel: 'r.channel',
};

/**
 * The filters as one SQL condition over `t` (null: no filter), or over the rollup's keys with
 * ROLLUP_COLUMNS. `groups` are the covered groups (scope.ts: coveredGroups), undefined for every
 * group.
 */
export async function filterSql(
  db: Db,
  p: Params,
  q: ReportQuery,
  groups: number[] | undefined,
  cols: FilterColumns = TICKET_COLUMNS,
): Promise<string | null> {
  const parts: string[] = [];
  if (groups) parts.push(`${cols.group} = ANY(${p.add(groups)}::int[])`);
  if (q.priority_ids?.length) parts.push(`${cols.priority} = ANY(${p.add(q.priority_ids)}::int[])`);
  const columns = await columnTypes(db, 'tickets');
  const attribute = (column: string, at: string, value: string | undefined) => {
    if (value === undefined) return;
    parts.push(columns.has(column) ? `${at} = ${p.add(value)}` : 'false');
  };
  attribute('eosc_ticket_type', cols.type, q.type);
  attribute('eosc_service', cols.service, q.service);
  if (q.provider !== undefined)
    parts.push(
      columns.has('eosc_service')
        ? `${cols.service} IN (SELECT s.key FROM eosc_services s WHERE s.provider = ${p.add(q.provider)})`
        : 'false',
    );
  if (q.channel !== undefined) {
    const type = await one<{ id: number }>(db, 'SELECT id FROM ticket_article_types WHERE name = $1', [
      q.channel,
    ]);
    if (!type) throw new InvalidError(`Invalid value for param 'channel': ${JSON.stringify(q.channel)}`);
    parts.push(`${cols.channel} = ${p.add(type.id)}`);
  }
  return parts.length ? sqlAnd(parts) : null;
}

/**
 * The rollup rows a report adds up (`FROM report_daily r WHERE …`, filters applied; the same
 * over `report_monthly`, whose rows have `month` for `day`), with the period as UTC days: `start` the first day, `end` the day after the last.
 */
export async function scopedRollup(
  db: Db,
  p: Params,
  q: ReportQuery,
  period: Period,
  groups: number[] | undefined,
): Promise<{ from: string; fromMonthly: string; start: string; end: string }> {
  const where = await filterSql(db, p, q, groups, ROLLUP_COLUMNS);
  return {
    from: `FROM report_daily r WHERE ${where ?? 'true'}`,
    fromMonthly: `FROM report_monthly r WHERE ${where ?? 'true'}`,
    start: `${p.add(period.start.toISOString().slice(0, 10))}::date`,
    end: `${p.add(period.end.toISOString().slice(0, 10))}::date`,
  };
}

/** The bucket (the day itself, or the Monday of its ISO week) of a date column. */
export function dayBucketSql(interval: 'day' | 'week', column: string): string {
  return interval === 'day' ? column : `(${column} - (extract(isodow FROM ${column})::int - 1))`;
}

/** The tickets a report looks at, as a CTE body: `SELECT t.* FROM tickets t WHERE …` (never without WHERE). */
export async function scopedTickets(
  db: Db,
  p: Params,
  q: ReportQuery,
  groups: number[] | undefined,
): Promise<string> {
  const where = await filterSql(db, p, q, groups);
  return `SELECT t.* FROM tickets t WHERE ${where ?? 'true'}`;
}

/** State ids by kind: closed (`closed` state type) and merged (`merged` state type). */
export const CLOSED_STATES_SQL = `SELECT s.id FROM ticket_states s JOIN ticket_state_types st
  ON st.id = s.state_type_id WHERE st.name = 'closed'`;
export const ENDED_STATES_SQL = `SELECT s.id FROM ticket_states s JOIN ticket_state_types st
  ON st.id = s.state_type_id WHERE st.name IN ('closed', 'merged')`;
export const MERGED_STATES_SQL = `SELECT s.id FROM ticket_states s JOIN ticket_state_types st
  ON st.id = s.state_type_id WHERE st.name = 'merged'`;

/** The bucket (day, or ISO week from Monday) an instant falls in, as a UTC date. */
export function bucketSql(interval: 'day' | 'week', column: string): string {
  return interval === 'day'
    ? `(${column} AT TIME ZONE 'UTC')::date`
    : `date_trunc('week', ${column} AT TIME ZONE 'UTC')::date`;
}

/** The bucket starts covering the period (a week bucket may start before `from`). */
export function bucketStarts(period: Period, interval: 'day' | 'week'): string[] {
  const out: string[] = [];
  const first = new Date(period.start);
  if (interval === 'week') first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  const step = interval === 'day' ? 1 : 7;
  for (let d = first; d < period.end; d = new Date(d.getTime() + step * DAY_MS))
    out.push(d.toISOString().slice(0, 10));
  return out;
}

export { Params };
