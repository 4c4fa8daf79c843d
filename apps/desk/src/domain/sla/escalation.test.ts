import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from './business-time.ts';
import { computeDueTimes, customerWaits, stateBreaks, type TicketFacts } from './escalation.ts';

// Europe/Brussels, Mon–Fri 09:00–17:00: 09:00 CET is 08:00Z in winter.
const day = { active: true, timeframes: [['09:00', '17:00']] as [string, string][] };
const off = { active: false, timeframes: [] };
const biz = new BusinessCalendar({
  timezone: 'Europe/Brussels',
  business_hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: off, sun: off },
  public_holidays: {},
});
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const OPEN = 2;
const PENDING = 3;
const stopping = new Set([PENDING, 4, 5, 6]);

function facts(over: Partial<TicketFacts> = {}): TicketFacts {
  return {
    createdAt: at('2027-01-11T08:00:00Z'),
    updatedAt: at('2027-01-11T08:00:00Z'),
    firstResponseAt: null,
    closeAt: null,
    lastContactCustomerAt: at('2027-01-11T08:00:00Z'),
    lastContactAgentAt: null,
    clockStopped: false,
    reviewable: true,
    breaks: [],
    waits: [],
    ...over,
  };
}

describe('state breaks', () => {
  it('pairs each clock-stopping state with the change that ends it', () => {
    const created = at('2027-01-11T08:00:00Z');
    const changes = [
      { from: OPEN, to: PENDING, at: at('2027-01-11T10:00:00Z') },
      { from: PENDING, to: OPEN, at: at('2027-01-12T10:00:00Z') },
    ];
    expect(stateBreaks(created, changes, OPEN, stopping)).toEqual([
      { start: at('2027-01-11T10:00:00Z'), end: at('2027-01-12T10:00:00Z') },
    ]);
  });
  it('starts a ticket created pending in that state', () => {
    const created = at('2027-01-11T08:00:00Z');
    const changes = [{ from: PENDING, to: OPEN, at: at('2027-01-11T12:00:00Z') }];
    expect(stateBreaks(created, changes, OPEN, stopping)).toEqual([
      { start: created, end: at('2027-01-11T12:00:00Z') },
    ]);
    // Still pending: no change yet, no break (there are no due times while it lasts).
    expect(stateBreaks(created, [], PENDING, stopping)).toEqual([]);
  });
});

describe('customer waits', () => {
  it("starts a wait at a customer's first message after an agent's, ends it at the agent's answer", () => {
    const C = 2;
    const A = 1;
    const m = (sender: number, t: string) => ({ sender, at: at(t) });
    expect(
      customerWaits([
        m(C, '2027-01-11T08:00:00Z'),
        m(C, '2027-01-11T09:00:00Z'),
        m(A, '2027-01-11T10:00:00Z'),
        m(A, '2027-01-11T11:00:00Z'),
        m(C, '2027-01-12T08:00:00Z'),
        m(A, '2027-01-12T09:30:00Z'),
        m(C, '2027-01-12T10:00:00Z'),
      ]),
    ).toEqual([
      [at('2027-01-11T08:00:00Z'), at('2027-01-11T10:00:00Z')],
      [at('2027-01-12T08:00:00Z'), at('2027-01-12T09:30:00Z')],
    ]);
  });
});

describe('due times', () => {
  const sla = { first_response_time: 480, update_time: 240, solution_time: 2400 };

  it('takes the earliest running target, and the earliest 75 % point', () => {
    const d = computeDueTimes(facts(), sla, biz, biz);
    // First response Mon 09:00 + 480 → 17:00 CET; update + 240 → 13:00 CET; solution + 2400 → Fri 17:00.
    expect(iso(d.first_response_escalation_at)).toBe('2027-01-11T16:00:00.000Z');
    expect(iso(d.update_escalation_at)).toBe('2027-01-11T12:00:00.000Z');
    expect(iso(d.close_escalation_at)).toBe('2027-01-15T16:00:00.000Z');
    expect(iso(d.escalation_at)).toBe('2027-01-11T12:00:00.000Z');
    // 75 %: update 180 → 12:00 CET, first response 360 → 15:00 CET.
    expect(iso(d.escalation_warning_at)).toBe('2027-01-11T11:00:00.000Z');
    // Review: five working days after the last change (2400 minutes end on Friday at 17:00).
    expect(iso(d.review_at)).toBe('2027-01-15T16:00:00.000Z');
  });

  it('warns for a later-due target first when its 75 % point comes sooner', () => {
    // Update running from Mon 11:00 CET (240 → 15:00, 75 % at 14:00); first response 380 from
    // 09:00 (→ 15:20, 75 % = 285 → 13:45): escalation_at is the update's, the warning the other's.
    const d = computeDueTimes(
      facts({ lastContactCustomerAt: at('2027-01-11T10:00:00Z') }),
      { first_response_time: 380, update_time: 240, solution_time: null },
      biz,
      biz,
    );
    expect(iso(d.escalation_at)).toBe('2027-01-11T14:00:00.000Z');
    expect(iso(d.escalation_warning_at)).toBe('2027-01-11T12:45:00.000Z');
  });

  it('stops while the state stops the clock, and leaves breaks out of the figures', () => {
    const paused = computeDueTimes(facts({ clockStopped: true, reviewable: false }), sla, biz, biz);
    expect([paused.escalation_at, paused.escalation_warning_at, paused.review_at]).toEqual([
      null,
      null,
      null,
    ]);

    const d = computeDueTimes(
      facts({
        firstResponseAt: at('2027-01-12T11:00:00Z'),
        lastContactAgentAt: at('2027-01-12T11:00:00Z'),
        breaks: [{ start: at('2027-01-11T10:00:00Z'), end: at('2027-01-12T10:00:00Z') }],
        waits: [[at('2027-01-11T08:00:00Z'), at('2027-01-12T11:00:00Z')]],
      }),
      sla,
      biz,
      biz,
    );
    // 09:00–11:00 CET Monday and 11:00–12:00 CET Tuesday: 180 minutes.
    expect(d).toMatchObject({
      first_response_in_min: 180,
      first_response_diff_in_min: 300,
      update_in_min: 180,
      update_diff_in_min: 60,
      first_response_escalation_at: null,
      update_escalation_at: null,
    });
  });

  it('gives no due times without an SLA, but still a review time', () => {
    const d = computeDueTimes(facts(), undefined, undefined, biz);
    expect(d.escalation_at).toBeNull();
    expect(d.first_response_in_min).toBeNull();
    expect(iso(d.review_at)).toBe('2027-01-15T16:00:00.000Z');
  });
});
