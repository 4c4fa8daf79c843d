import { describe, expect, it } from 'vitest';
import { BusinessCalendar, type CalendarSpec, calendarProblems, zonedTime } from './business-time.ts';

const weekdays = { active: true, timeframes: [['09:00', '17:00']] as [string, string][] };
const closed = { active: false, timeframes: [] };
const berlin: CalendarSpec = {
  timezone: 'Europe/Berlin',
  business_hours: {
    mon: weekdays,
    tue: weekdays,
    wed: weekdays,
    thu: weekdays,
    fri: weekdays,
    sat: closed,
    sun: closed,
  },
  public_holidays: {
    '2026-12-25': { active: true, summary: 'Christmas Day' },
    '2026-12-26': { active: true, summary: 'Boxing Day' },
    '2027-01-01': { active: true, summary: "New Year's Day" },
    '2026-12-31': { active: false, summary: 'not a holiday: inactive' },
  },
};
const cal = new BusinessCalendar(berlin);
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

// Expectations are computed by hand: Berlin is UTC+1 in winter (CET), UTC+2 in summer (CEST).
describe('adding business minutes', () => {
  it('stays within one working day', () => {
    // Mon 7 Dec 10:00 CET + 4 h → 14:00 CET
    expect(iso(cal.add(at('2026-12-07T09:00:00Z'), 240))).toBe('2026-12-07T13:00:00.000Z');
  });
  it('carries over to the next morning', () => {
    // Mon 15:00 + 4 h = 2 h on Monday, 2 h on Tuesday from 09:00 → Tue 11:00 CET
    expect(iso(cal.add(at('2026-12-07T14:00:00Z'), 240))).toBe('2026-12-08T10:00:00.000Z');
  });
  it('ends at the end of a period rather than the next morning', () => {
    // Mon 13:00 + 4 h → Mon 17:00 CET
    expect(iso(cal.add(at('2026-12-07T12:00:00Z'), 240))).toBe('2026-12-07T16:00:00.000Z');
  });
  it('skips the weekend', () => {
    // Fri 11 Dec 16:00 + 2 h = 1 h Friday, 1 h Monday → Mon 14 Dec 10:00 CET
    expect(iso(cal.add(at('2026-12-11T15:00:00Z'), 120))).toBe('2026-12-14T09:00:00.000Z');
  });
  it('starts at the next working period when created outside hours', () => {
    // Sat 12 Dec 12:00 + 1 h → Mon 10:00 CET; Mon 07:00 + 1 h → Mon 10:00 CET
    expect(iso(cal.add(at('2026-12-12T11:00:00Z'), 60))).toBe('2026-12-14T09:00:00.000Z');
    expect(iso(cal.add(at('2026-12-14T06:00:00Z'), 60))).toBe('2026-12-14T09:00:00.000Z');
  });
  it('skips active public holidays, not inactive ones', () => {
    // Thu 24 Dec 16:00 + 2 h: 1 h Thursday; Fri 25 holiday, weekend; 1 h Mon 28 → 10:00 CET
    expect(iso(cal.add(at('2026-12-24T15:00:00Z'), 120))).toBe('2026-12-28T09:00:00.000Z');
    // Thu 31 Dec is inactive as a holiday (a working day), Fri 1 Jan is one: Wed 16:00 + 2 h → Thu 10:00
    expect(iso(cal.add(at('2026-12-30T15:00:00Z'), 120))).toBe('2026-12-31T09:00:00.000Z');
    // Thu 31 Dec 16:00 + 2 h: 1 h Thursday, Fri 1 Jan holiday, Mon 4 Jan 10:00 CET
    expect(iso(cal.add(at('2026-12-31T15:00:00Z'), 120))).toBe('2027-01-04T09:00:00.000Z');
  });
  it('follows the wall clock across a daylight-saving change', () => {
    // Fri 26 Mar 2027 16:00 CET + 2 h: 1 h Friday; clocks go forward on Sunday 28 March;
    // Mon 29 Mar 09:00 CEST is 07:00Z, so 1 h later is 08:00Z (naive UTC arithmetic says 09:00Z).
    expect(iso(cal.add(at('2027-03-26T15:00:00Z'), 120))).toBe('2027-03-29T08:00:00.000Z');
    // Back in autumn: Fri 29 Oct 2027 16:00 CEST (14:00Z) + 2 h → Mon 1 Nov 10:00 CET (09:00Z)
    expect(iso(cal.add(at('2027-10-29T14:00:00Z'), 120))).toBe('2027-11-01T09:00:00.000Z');
  });
  it('works in other time zones', () => {
    const ny = new BusinessCalendar({ ...berlin, timezone: 'America/New_York', public_holidays: {} });
    // Mon 7 Dec 08:00 EST (13:00Z) + 1 h → 10:00 EST (15:00Z)
    expect(iso(ny.add(at('2026-12-07T13:00:00Z'), 60))).toBe('2026-12-07T15:00:00.000Z');
    // Fri 11 Dec 16:30 EST + 1 h → Mon 14 Dec 09:30 EST (14:30Z)
    expect(iso(ny.add(at('2026-12-11T21:30:00Z'), 60))).toBe('2026-12-14T14:30:00.000Z');
  });
  it('pauses during breaks (pending states)', () => {
    // Mon 10:00 + 4 h, paused 11:00–13:00 → 10–11 and 13–16 → 16:00 CET
    const pause = [{ start: at('2026-12-07T10:00:00Z'), end: at('2026-12-07T12:00:00Z') }];
    expect(iso(cal.add(at('2026-12-07T09:00:00Z'), 240, pause))).toBe('2026-12-07T15:00:00.000Z');
    // Mon 15:00 + 2 h, paused Mon 16:00 → Tue 10:00 → 15–16 and Tue 10–11 → Tue 11:00 CET
    const overnight = [{ start: at('2026-12-07T15:00:00Z'), end: at('2026-12-08T09:00:00Z') }];
    expect(iso(cal.add(at('2026-12-07T14:00:00Z'), 120, overnight))).toBe('2026-12-08T10:00:00.000Z');
    // Overlapping and unsorted breaks count once
    const messy = [
      { start: at('2026-12-07T11:00:00Z'), end: at('2026-12-07T12:00:00Z') },
      { start: at('2026-12-07T10:00:00Z'), end: at('2026-12-07T11:30:00Z') },
    ];
    expect(iso(cal.add(at('2026-12-07T09:00:00Z'), 240, messy))).toBe('2026-12-07T15:00:00.000Z');
  });
});

describe('counting business minutes', () => {
  it('counts only working time', () => {
    // Fri 16:00 → Mon 10:00 CET = 60 + 60
    expect(cal.minutesBetween(at('2026-12-11T15:00:00Z'), at('2026-12-14T09:00:00Z'))).toBe(120);
    // Over Christmas: Thu 24 Dec 16:00 → Mon 28 Dec 10:00 = 120
    expect(cal.minutesBetween(at('2026-12-24T15:00:00Z'), at('2026-12-28T09:00:00Z'))).toBe(120);
    // A whole working week
    expect(cal.minutesBetween(at('2026-12-07T00:00:00Z'), at('2026-12-12T00:00:00Z'))).toBe(5 * 480);
    // Rounded down to whole minutes; an empty or reversed range is 0
    expect(cal.minutesBetween(at('2026-12-07T09:00:00Z'), at('2026-12-07T09:01:59Z'))).toBe(1);
    expect(cal.minutesBetween(at('2026-12-07T10:00:00Z'), at('2026-12-07T09:00:00Z'))).toBe(0);
  });
  it('leaves breaks out', () => {
    const pause = [{ start: at('2026-12-07T10:00:00Z'), end: at('2026-12-07T12:00:00Z') }];
    expect(cal.minutesBetween(at('2026-12-07T08:00:00Z'), at('2026-12-07T16:00:00Z'), pause)).toBe(360);
  });
  it('counts the real length of days on which the clocks change', () => {
    const always = { active: true, timeframes: [['00:00', '23:59']] as [string, string][] };
    const allWeek = new BusinessCalendar({
      timezone: 'Europe/Berlin',
      business_hours: {
        sun: always,
        mon: always,
        tue: always,
        wed: always,
        thu: always,
        fri: always,
        sat: always,
      },
    });
    // Sunday 28 March 2027 has 23 hours in Berlin; Sunday 31 October 2027 has 25.
    const springDay = [
      zonedTime('Europe/Berlin', 2027, 3, 28, 0),
      zonedTime('Europe/Berlin', 2027, 3, 29, 0),
    ] as const;
    const autumnDay = [
      zonedTime('Europe/Berlin', 2027, 10, 31, 0),
      zonedTime('Europe/Berlin', 2027, 11, 1, 0),
    ] as const;
    expect(allWeek.minutesBetween(...springDay)).toBe(23 * 60);
    expect(allWeek.minutesBetween(...autumnDay)).toBe(25 * 60);
    // add is the inverse of minutesBetween
    expect(allWeek.add(springDay[0], 23 * 60)).toBe(springDay[1]);
  });
});

describe('local times', () => {
  it('converts wall-clock times, including the gap and the repeated hour', () => {
    expect(iso(zonedTime('Europe/Berlin', 2026, 12, 7, 9 * 60))).toBe('2026-12-07T08:00:00.000Z');
    expect(iso(zonedTime('Europe/Berlin', 2027, 7, 1, 9 * 60))).toBe('2027-07-01T07:00:00.000Z');
    // 02:30 on 28 March 2027 does not exist in Berlin: moved forward by the gap to 03:30 CEST
    expect(iso(zonedTime('Europe/Berlin', 2027, 3, 28, 150))).toBe('2027-03-28T01:30:00.000Z');
    // 02:30 on 31 October 2027 happens twice: the earlier (CEST) instant
    expect(iso(zonedTime('Europe/Berlin', 2027, 10, 31, 150))).toBe('2027-10-31T00:30:00.000Z');
    expect(iso(zonedTime('Asia/Kolkata', 2026, 12, 7, 9 * 60))).toBe('2026-12-07T03:30:00.000Z');
  });
});

describe('calendar validation', () => {
  it('names what is wrong', () => {
    expect(calendarProblems(berlin)).toEqual([]);
    expect(calendarProblems({ ...berlin, timezone: 'Mars/Olympus' })).toContain(
      'Unknown time zone: Mars/Olympus',
    );
    expect(calendarProblems({ timezone: 'UTC', business_hours: { mon: closed } })).toEqual([
      'No configured business hours found!',
    ]);
    expect(
      calendarProblems({
        timezone: 'UTC',
        business_hours: { mon: { active: true, timeframes: [['17:00', '09:00']] } },
      }),
    ).toContain('Invalid business hours on mon: 17:00-09:00');
    expect(() => new BusinessCalendar({ timezone: 'UTC', business_hours: {} })).toThrow(
      /No configured business hours/,
    );
  });
});
