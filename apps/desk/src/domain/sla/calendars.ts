/**
 * Zammad's calendars (REFERENCE §3.16): a time zone, business hours per weekday and public
 * holidays; exactly one is the default while any exists (Zammad's `min_one_check`). A change
 * moves due times, so every write asks the worker to recompute the open tickets' escalations.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import type { RecordModel } from '../crud.ts';
import { InvalidError } from '../errors.ts';
import { recordRemoved } from '../history.ts';
import { deleteRow, hasReferences, loadRow, referencesError, requireName } from '../records.ts';
import type { Row } from '../shapes.ts';
import { BusinessCalendar, type CalendarSpec, calendarProblems, WEEKDAYS } from './business-time.ts';
import { afterServiceLevelChange } from './changes.ts';

export interface CalendarRow extends CalendarSpec {
  id: number;
  name: string;
  default: boolean;
  updated_at: Date;
}

const WORKDAY = { active: true, timeframes: [['09:00', '17:00']] as [string, string][] };
const CLOSED = { active: false, timeframes: [] as [string, string][] };

/** Zammad's new-calendar default: Monday to Friday, 09:00–17:00. */
export const DEFAULT_BUSINESS_HOURS = Object.fromEntries(
  WEEKDAYS.map((d) => [d, d === 'sat' || d === 'sun' ? CLOSED : WORKDAY]),
);

/** The one default calendar: the oldest calendar becomes it when none is (Zammad's min_one_check). */
async function keepOneDefault(db: Db): Promise<void> {
  await db.query(
    `UPDATE calendars SET "default" = true
      WHERE id = (SELECT id FROM calendars ORDER BY created_at, id LIMIT 1)
        AND NOT EXISTS (SELECT 1 FROM calendars WHERE "default")`,
  );
}

function checkCalendar(attrs: Row, current: Row | undefined): void {
  const spec = { ...current, ...attrs } as unknown as CalendarSpec;
  if (spec.public_holidays === null) attrs.public_holidays = {};
  const problems = calendarProblems({ ...spec, public_holidays: spec.public_holidays ?? {} });
  if (problems.length) throw new InvalidError(problems.join('; '));
}

export const CALENDARS: RecordModel = {
  table: 'calendars',
  model: 'Calendar',
  readOnly: ['last_log', 'last_sync'],
  referencedBy: [['slas', 'calendar_id']],
  history: true,
  async prepare(db, _actor, attrs, _input, current) {
    requireName(attrs, !current);
    if (!current && attrs.business_hours === undefined) attrs.business_hours = DEFAULT_BUSINESS_HOURS;
    if (typeof attrs.timezone === 'string') attrs.timezone = attrs.timezone.trim();
    checkCalendar(attrs, current);
    // The new default takes over before it is written (the index allows one default).
    if (attrs.default === true)
      await db.query(`UPDATE calendars SET "default" = false WHERE "default" AND id IS DISTINCT FROM $1`, [
        current?.id ?? null,
      ]);
    if (attrs.default === null) attrs.default = false;
  },
  async afterWrite(db, actor) {
    await keepOneDefault(db);
    await afterServiceLevelChange(db, actor.user.id, 'calendar changed');
  },
  async remove(db, actor, id) {
    await loadRow(db, 'calendars', 'Calendar', id, true);
    if (await hasReferences(db, id, CALENDARS.referencedBy ?? [])) throw referencesError();
    await deleteRow(db, 'calendars', 'Calendar', id);
    await recordRemoved(db, 'Calendar', id, actor.user.id);
    await keepOneDefault(db);
    await afterServiceLevelChange(db, actor.user.id, 'calendar removed');
  },
};

/** Calendars ready for arithmetic, reused while their row is unchanged (their day caches grow). */
const prepared = new Map<number, { stamp: number; biz: BusinessCalendar }>();

export function businessCalendar(row: CalendarRow): BusinessCalendar {
  const stamp = new Date(row.updated_at).getTime();
  const hit = prepared.get(row.id);
  if (hit && hit.stamp === stamp) return hit.biz;
  const biz = new BusinessCalendar({
    timezone: row.timezone,
    business_hours: row.business_hours,
    public_holidays: row.public_holidays ?? {},
  });
  prepared.set(row.id, { stamp, biz });
  return biz;
}

export interface Calendars {
  byId: Map<number, BusinessCalendar>;
  default: BusinessCalendar | undefined;
}

/** Every usable calendar (one whose hours are broken is left out: no due times from it). */
export async function loadCalendars(db: Db): Promise<Calendars> {
  const rows = await db.query<CalendarRow>('SELECT * FROM calendars ORDER BY id');
  const byId = new Map<number, BusinessCalendar>();
  let def: BusinessCalendar | undefined;
  for (const row of rows) {
    try {
      const biz = businessCalendar(row);
      byId.set(row.id, biz);
      if (row.default) def = biz;
    } catch (err) {
      console.warn(`calendar ${row.id} cannot be used: ${(err as Error).message}`);
    }
  }
  return { byId, default: def };
}

export async function defaultCalendarId(db: Db): Promise<number | undefined> {
  return (await one<{ id: number }>(db, `SELECT id FROM calendars WHERE "default" LIMIT 1`))?.id;
}

/** The offset of a zone from UTC at `at`, in hours (`GMT+05:30` → 5.5). */
function offsetHours(timeZone: string, at: Date): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  const hours = Number(m[2]) + Number(m[3]) / 60;
  return m[1] === '-' ? -hours : hours;
}

/** `GET /calendars/timezones`: every IANA zone this runtime knows, with its offset now. */
export function timezones(at: Date): Record<string, number> {
  const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return Object.fromEntries(zones.map((z) => [z, offsetHours(z, at)]));
}
