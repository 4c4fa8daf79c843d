/**
 * Business-time arithmetic over a Zammad calendar: working hours per weekday in the calendar's
 * time zone, public holidays, and per-ticket breaks (the periods a ticket spent in a state
 * that stops the clock, such as pending). Pure: no database, no clock.
 *
 * Semantics follow Zammad (which uses the `biz` gem):
 * - `add(start, minutes)`: the instant at which `minutes` working minutes have passed since
 *   `start`; a start outside working hours begins at the next working period; a span that
 *   ends exactly at the end of a period ends there (17:00, not the next morning).
 * - `minutesBetween(a, b)`: working minutes within [a, b], whole minutes rounded down.
 * A time zone's daylight-saving changes move working hours with the wall clock: 09:00–17:00
 * stays 8 working hours on the day of the change.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface BusinessHoursDay {
  active: boolean;
  /** `[['09:00', '17:00']]`; `'23:59'` as an end means the end of the day, as in Zammad. */
  timeframes: [string, string][];
}

export interface CalendarSpec {
  timezone: string;
  business_hours: Partial<Record<Weekday, BusinessHoursDay>>;
  /** `'2026-12-25': { active: true, summary: 'Christmas Day' }`. */
  public_holidays?: Record<string, { active?: boolean; removed?: boolean; summary?: string } | null> | null;
}

/** A half-open period [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Arithmetic never looks further than this many days ahead (a calendar with almost no hours). */
const HORIZON_DAYS = 3660;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
}

function wallClock(timeZone: string, utc: number): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utc))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    y: parts.year ?? 1970,
    m: parts.month ?? 1,
    d: parts.day ?? 1,
    h: (parts.hour ?? 0) % 24,
    min: parts.minute ?? 0,
    s: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at instant `utc`, in milliseconds. */
function offsetAt(timeZone: string, utc: number): number {
  const w = wallClock(timeZone, utc);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s);
  return asUtc - Math.floor(utc / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local time. As Temporal's
 * "compatible" rule: a time repeated by a fall-back change is its earlier instant; a time
 * skipped by a spring-forward change is moved forward by the gap (02:30 becomes 03:30).
 */
export function zonedTime(timeZone: string, y: number, m: number, d: number, minutesOfDay: number): number {
  const naive = Date.UTC(y, m - 1, d) + minutesOfDay * MINUTE;
  // The offsets a day before and a day after bracket any change on this day.
  const before = naive - offsetAt(timeZone, naive - DAY);
  const after = naive - offsetAt(timeZone, naive + DAY);
  const shows = (t: number) => t + offsetAt(timeZone, t) === naive;
  const candidates = [before, after].filter(shows);
  if (candidates.length) return Math.min(...candidates);
  // Skipped by a spring-forward change: the old offset moves it forward by the gap.
  return before;
}

function parseClock(value: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

/** Reasons a calendar cannot be used, as Zammad words them; empty when it is usable. */
export function calendarProblems(spec: CalendarSpec): string[] {
  const problems: string[] = [];
  if (!isValidTimeZone(spec.timezone)) problems.push(`Unknown time zone: ${spec.timezone}`);
  let any = false;
  for (const day of WEEKDAYS) {
    const hours = spec.business_hours[day];
    if (!hours?.active) continue;
    for (const [from, to] of hours.timeframes ?? []) {
      const a = parseClock(from);
      const b = to === '23:59' ? 24 * 60 : parseClock(to);
      if (a === undefined || b === undefined || b <= a) {
        problems.push(`Invalid business hours on ${day}: ${from}-${to}`);
        continue;
      }
      any = true;
    }
  }
  if (!any) problems.push('No configured business hours found!');
  return problems;
}

function dayKey(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A calendar ready for arithmetic; caches each local day's working periods. */
export class BusinessCalendar {
  private readonly spans: [number, number][][];
  private readonly holidays: Set<string>;
  /** Working periods per local day, keyed by that date's midnight UTC. */
  private readonly days = new Map<number, Interval[]>();

  constructor(readonly spec: CalendarSpec) {
    const problems = calendarProblems(spec);
    if (problems.length) throw new Error(problems.join('; '));
    this.spans = WEEKDAYS.map((day) => {
      const hours = spec.business_hours[day];
      if (!hours?.active) return [];
      const spans = (hours.timeframes ?? [])
        .map(([from, to]) => [parseClock(from), to === '23:59' ? 24 * 60 : parseClock(to)])
        .filter((p): p is [number, number] => p[0] !== undefined && p[1] !== undefined && p[1] > p[0])
        .sort((a, b) => a[0] - b[0]);
      // Overlapping frames count once.
      const merged: [number, number][] = [];
      for (const s of spans) {
        const last = merged[merged.length - 1];
        if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
        else merged.push([s[0], s[1]]);
      }
      return merged;
    });
    this.holidays = new Set(
      Object.entries(spec.public_holidays ?? {})
        .filter(([, meta]) => meta && meta.active !== false && !meta.removed)
        .map(([day]) => day),
    );
  }

  /** Working periods of the local date whose midnight UTC is `date`, as UTC instants. */
  private periods(date: number): Interval[] {
    let out = this.days.get(date);
    if (out) return out;
    const day = new Date(date);
    const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    const weekday = day.getUTCDay();
    out = this.holidays.has(dayKey(y, m, d))
      ? []
      : (this.spans[weekday] ?? []).map(([a, b]) => ({
          start: zonedTime(this.spec.timezone, y, m, d, a),
          end: zonedTime(this.spec.timezone, y, m, d, b),
        }));
    this.days.set(date, out);
    return out;
  }

  /** Working periods overlapping [from, ∞), day by day, minus `breaks` (sorted, merged). */
  private *workFrom(from: number, breaks: Interval[]): Generator<Interval> {
    // A local date is at most a day away from the UTC date: start a day early.
    let cursor = Math.floor(from / DAY) * DAY - DAY;
    let b = 0;
    for (let i = 0; i < HORIZON_DAYS; i++, cursor += DAY) {
      for (const p of this.periods(cursor)) {
        let s = Math.max(p.start, from);
        const e = p.end;
        if (s >= e) continue;
        while (b < breaks.length && (breaks[b] as Interval).end <= s) b++;
        for (let j = b; j < breaks.length && s < e; j++) {
          const br = breaks[j] as Interval;
          if (br.start >= e) break;
          if (br.start > s) yield { start: s, end: br.start };
          s = Math.max(s, br.end);
        }
        if (s < e) yield { start: s, end: e };
      }
    }
  }

  /** The instant when `minutes` working minutes have passed since `start`. */
  add(start: number | Date, minutes: number, breaks: Interval[] = []): number {
    const from = +start;
    let left = minutes * MINUTE;
    if (left <= 0) return from;
    for (const p of this.workFrom(from, normalise(breaks))) {
      const len = p.end - p.start;
      if (len >= left) return p.start + left;
      left -= len;
    }
    throw new Error(`The calendar has fewer than ${minutes} working minutes in ${HORIZON_DAYS} days`);
  }

  /** Working minutes within [start, end], whole minutes rounded down. */
  minutesBetween(start: number | Date, end: number | Date, breaks: Interval[] = []): number {
    const a = +start;
    const b = +end;
    if (b <= a) return 0;
    let total = 0;
    for (const p of this.workFrom(a, normalise(breaks))) {
      if (p.start >= b) break;
      total += Math.min(p.end, b) - p.start;
    }
    return Math.floor(total / MINUTE);
  }
}

/** Sorted, merged, non-empty breaks. */
function normalise(breaks: Interval[]): Interval[] {
  const sorted = breaks.filter((b) => b.end > b.start).sort((x, y) => x.start - y.start);
  const out: Interval[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && b.start <= last.end) last.end = Math.max(last.end, b.end);
    else out.push({ start: b.start, end: b.end });
  }
  return out;
}
