import type { BusinessHours, CalendarInput, Weekday } from '../api/calendars';
import { WEEKDAYS } from '../api/calendars';

/*
 * The checks the desk makes on business hours, made first in the browser so a mistake is named
 * beside the day it is on (the desk's 422 stays the last word).
 */

export type DayError = 'needFrame' | 'badFrames';

const minutes = (hhmm: string | undefined = '') => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const isTime = (v: string | undefined) => HHMM.test(v ?? '');

/** What is wrong with one day, if anything: no frame on a working day, or a frame out of order. */
export function dayError(day: BusinessHours[Weekday]): DayError | undefined {
  if (!day.active) return undefined;
  if (day.timeframes.length === 0) return 'needFrame';
  if (day.timeframes.some(([from, to]) => !isTime(from) || !isTime(to) || minutes(from) >= minutes(to)))
    return 'badFrames';
  const sorted = [...day.timeframes].sort((a, b) => minutes(a[0]) - minutes(b[0]));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev && cur && minutes(cur[0]) < minutes(prev[1])) return 'badFrames';
  }
  return undefined;
}

/** Every day's problem, and whether the week has any working time at all. */
export function hoursErrors(hours: BusinessHours): {
  days: Partial<Record<Weekday, DayError>>;
  noWorkingDay: boolean;
} {
  const days: Partial<Record<Weekday, DayError>> = {};
  for (const d of WEEKDAYS) {
    const e = dayError(hours[d]);
    if (e) days[d] = e;
  }
  return { days, noWorkingDay: WEEKDAYS.every((d) => !hours[d].active) };
}

/** What the BFF takes: only the working days' frames (a day off has none), each a pair. */
export function cleanHours(hours: BusinessHours): CalendarInput['business_hours'] {
  const day = (d: Weekday) => ({
    active: hours[d].active,
    timeframes: hours[d].active
      ? hours[d].timeframes.map(([from = '', to = '']): [string, string] => [from, to])
      : [],
  });
  return Object.fromEntries(WEEKDAYS.map((d) => [d, day(d)])) as CalendarInput['business_hours'];
}

/** "+01:00", "−03:30": a time zone's offset from UTC, given in hours. */
export function offsetText(hours: number): string {
  const sign = hours < 0 ? '−' : '+';
  const total = Math.round(Math.abs(hours) * 60);
  const hh = String(Math.floor(total / 60)).padStart(2, '0');
  const mm = String(total % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}
