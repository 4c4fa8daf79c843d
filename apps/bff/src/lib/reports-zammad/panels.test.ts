import { describe, expect, it } from 'vitest';
import { periodOf, type StateChange, type StateKinds, type ZArticle, type ZTicket } from './model.ts';
import {
  backlogPanel,
  firstResponseStatus,
  reopenPanel,
  servicesPanel,
  slaPanel,
  timesPanel,
  volumePanel,
  workloadCounts,
  workloadPanel,
} from './panels.ts';
import { bucketOf, bucketStarts, closedSpans, openAt, percentileDisc } from './stats.ts';

// State ids as Zammad seeds them: 1 new, 2 open, 4 closed, 5 merged.
const KINDS: StateKinds = { closed: new Set([4]), merged: new Set([5]) };
const at = (iso: string) => Date.parse(iso);

function ticket(id: number, over: Partial<ZTicket> = {}): ZTicket {
  return {
    id,
    group_id: 10,
    priority_id: 2,
    state_id: 2,
    owner_id: 1,
    created_at: at('2027-01-04T10:00:00Z'),
    updated_at: at('2027-01-04T10:00:00Z'),
    close_at: null,
    first_response_at: null,
    first_response_escalation_at: null,
    first_response_in_min: null,
    first_response_diff_in_min: null,
    close_in_min: null,
    last_contact_agent_at: null,
    eosc_service: null,
    eosc_ticket_type: null,
    channel: 'web',
    ...over,
  };
}
const change = (id: number, iso: string, from: number, to: number): StateChange => ({
  id,
  at: at(iso),
  from,
  to,
});

describe('percentile_disc', () => {
  it('is a value that occurs: the first whose cumulative share reaches the fraction', () => {
    expect(percentileDisc([], 0.5)).toBeNull();
    expect(percentileDisc([7], 0.9)).toBe(7);
    expect(percentileDisc([40, 10, 30, 20], 0.5)).toBe(20);
    expect(percentileDisc([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(percentileDisc([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentileDisc([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
    // ceil(0.9 × 30) = 27: the 27th of 30 values (the same IEEE arithmetic as PostgreSQL's float8).
    expect(
      percentileDisc(
        Array.from({ length: 30 }, (_, i) => 30 - i),
        0.9,
      ),
    ).toBe(27);
  });
});

describe('buckets', () => {
  it('weeks run from Monday (UTC) and are named by it; the first may start before the period', () => {
    expect(bucketOf('week', at('2027-01-10T23:59:59Z'))).toBe('2027-01-04'); // a Sunday
    expect(bucketOf('week', at('2027-01-11T00:00:00Z'))).toBe('2027-01-11');
    expect(bucketOf('day', at('2027-01-06T23:59:59.999Z'))).toBe('2027-01-06');
    expect(bucketStarts(periodOf('2027-01-06', '2027-01-18'), 'week')).toEqual([
      '2027-01-04',
      '2027-01-11',
      '2027-01-18',
    ]);
    expect(bucketStarts(periodOf('2027-01-06', '2027-01-08'), 'day')).toEqual([
      '2027-01-06',
      '2027-01-07',
      '2027-01-08',
    ]);
  });

  it('volume counts only the period’s part of a week that starts before it', () => {
    const p = periodOf('2027-01-06', '2027-01-10');
    const pool = [
      ticket(1, { created_at: at('2027-01-05T12:00:00Z') }), // Tuesday, before the period
      ticket(2, { created_at: at('2027-01-06T00:00:00Z'), close_at: at('2027-01-11T00:00:00Z') }),
    ];
    expect(volumePanel(pool, p, 'week')).toEqual({
      buckets: [{ date: '2027-01-04', created: 1, closed: 0 }],
    });
  });
});

describe('reopenings and the backlog', () => {
  const closedTwice = ticket(1, {
    state_id: 4,
    close_at: at('2027-01-05T10:00:00Z'),
    updated_at: at('2027-01-11T12:00:00Z'),
  });
  const history = [
    change(1, '2027-01-05T10:00:00Z', 2, 4),
    change(2, '2027-01-08T09:00:00Z', 4, 2),
    change(3, '2027-01-11T12:00:00Z', 2, 4),
  ];

  it('a ticket closed, reopened and closed again counts once, at its first closing', () => {
    const p = periodOf('2027-01-04', '2027-01-17');
    const volume = volumePanel([closedTwice], p, 'day');
    expect(volume.buckets.filter((b) => b.closed > 0)).toEqual([
      { date: '2027-01-05', created: 0, closed: 1 },
    ]);
    expect(reopenPanel([closedTwice], new Map([[1, history]]), KINDS, p)).toEqual({
      closed: 1,
      reopened: 1,
      rate: 1,
    });
    // Its later closing is in no period's count.
    expect(
      reopenPanel([closedTwice], new Map([[1, history]]), KINDS, periodOf('2027-01-11', '2027-01-11')),
    ).toEqual({ closed: 0, reopened: 0, rate: 0 });
  });

  it('is open between its closings, from the state history', () => {
    const spans = closedSpans(closedTwice, history, KINDS);
    expect(openAt(closedTwice, spans, at('2027-01-05T09:59:59Z'))).toBe(true);
    expect(openAt(closedTwice, spans, at('2027-01-06T00:00:00Z'))).toBe(false);
    expect(openAt(closedTwice, spans, at('2027-01-09T00:00:00Z'))).toBe(true);
    expect(openAt(closedTwice, spans, at('2027-01-12T00:00:00Z'))).toBe(false);
    const backlog = backlogPanel(
      [closedTwice],
      new Map([[1, history]]),
      KINDS,
      periodOf('2027-01-04', '2027-01-11'),
      'day',
    );
    expect(backlog.buckets.map((b) => b.open)).toEqual([1, 0, 0, 0, 1, 1, 1, 0]);
    expect(backlog.age).toEqual({ lt_1d: 0, d1_7: 0, d7_30: 0, gt_30d: 0 });
  });

  it('a reopened ticket whose history was not read counts as reopened when it is open now', () => {
    const open = ticket(2, { close_at: at('2027-01-05T10:00:00Z') });
    expect(reopenPanel([open], new Map(), KINDS, periodOf('2027-01-04', '2027-01-10')).reopened).toBe(1);
  });

  it('without state history a ticket has been in its state since creation (closed: since close_at)', () => {
    const closed = ticket(3, { state_id: 4, close_at: at('2027-01-06T00:00:00Z') });
    expect(closedSpans(closed, [], KINDS)).toEqual([{ start: at('2027-01-06T00:00:00Z'), until: null }]);
    expect(closedSpans(ticket(4), [], KINDS)).toEqual([]);
  });

  it('ages are wall-clock time since creation at the end of the period, lower bounds inclusive', () => {
    const p = periodOf('2027-01-01', '2027-01-31'); // ends 2027-02-01T00:00Z
    const pool = [
      ticket(1, { created_at: at('2027-01-31T00:00:01Z') }),
      ticket(2, { created_at: at('2027-01-31T00:00:00Z') }), // exactly one day
      ticket(3, { created_at: at('2027-01-25T00:00:00Z') }), // exactly seven days
      ticket(4, { created_at: at('2027-01-02T00:00:00Z') }), // exactly 30 days
    ];
    expect(backlogPanel(pool, new Map(), KINDS, p, 'week').age).toEqual({
      lt_1d: 1,
      d1_7: 1,
      d7_30: 1,
      gt_30d: 1,
    });
  });
});

describe('merged tickets', () => {
  const p = periodOf('2027-01-04', '2027-01-10');
  const merged = ticket(1, {
    state_id: 5,
    owner_id: 7,
    first_response_at: at('2027-01-04T10:05:00Z'),
    first_response_in_min: 5,
    first_response_diff_in_min: 55,
    eosc_service: 'b2share',
    updated_at: at('2027-01-05T10:00:00Z'),
  });
  const mergedHistory = new Map([[1, [change(1, '2027-01-05T10:00:00Z', 2, 5)]]]);

  it('count as created and leave the backlog when merged (a merge is not a closing)', () => {
    const volume = volumePanel([merged], p, 'week');
    expect(volume.buckets).toEqual([{ date: '2027-01-04', created: 1, closed: 0 }]);
    const backlog = backlogPanel([merged], mergedHistory, KINDS, p, 'day');
    expect(backlog.buckets.map((b) => b.open)).toEqual([1, 0, 0, 0, 0, 0, 0]);
  });

  it('are left out of times, sla, services, workload and reopen', () => {
    expect(timesPanel([merged], KINDS, p).first_response.count).toBe(0);
    expect(
      slaPanel([merged], KINDS, p, 0, new Map([[10, { name: 'A', qos_level: null }]]), new Map([[2, 'x']])),
    ).toEqual({
      units: [],
      priorities: [],
    });
    expect(servicesPanel([merged], KINDS, p)).toEqual({ services: [] });
    const art: ZArticle = {
      ticket_id: 1,
      created_by_id: 7,
      created_at: at('2027-01-04T10:05:00Z'),
      internal: false,
      sender: 'Agent',
      type: 'email',
    };
    expect(workloadCounts([merged], [art], KINDS, p).size).toBe(0);
    expect(
      reopenPanel([{ ...merged, close_at: at('2027-01-05T00:00:00Z') }], mergedHistory, KINDS, p).closed,
    ).toBe(0);
  });
});

describe('business minutes and SLA status', () => {
  const p = periodOf('2027-01-04', '2027-01-10');

  it('a ticket without the figure (no SLA) is not counted', () => {
    const pool = [
      ticket(1, { first_response_in_min: 30, close_at: at('2027-01-05T00:00:00Z'), close_in_min: 480 }),
      ticket(2, { first_response_in_min: null, close_at: at('2027-01-05T00:00:00Z'), close_in_min: null }),
      ticket(3, { first_response_in_min: 90 }),
    ];
    const times = timesPanel(pool, KINDS, p);
    expect(times.first_response).toEqual({ count: 2, median: 30, p90: 90 });
    expect(times.resolution).toEqual({ count: 1, median: 480, p90: 480 });
    expect(times.trend).toEqual([{ date: '2027-01-04', first_response_median: 30, resolution_median: 480 }]);
    expect(timesPanel([ticket(4)], KINDS, p).first_response).toEqual({ count: 0, median: null, p90: null });
  });

  it('met, breached, running, or not counted (still listed under its unit and priority)', () => {
    const now = at('2027-01-06T12:00:00Z');
    const answered = { first_response_at: at('2027-01-04T11:00:00Z') };
    expect(firstResponseStatus(ticket(1, { ...answered, first_response_diff_in_min: 0 }), now)).toBe('met');
    expect(firstResponseStatus(ticket(1, { ...answered, first_response_diff_in_min: -1 }), now)).toBe(
      'breached',
    );
    expect(firstResponseStatus(ticket(1, { ...answered, first_response_diff_in_min: null }), now)).toBeNull();
    expect(firstResponseStatus(ticket(1, { first_response_escalation_at: now }), now)).toBe('breached');
    expect(firstResponseStatus(ticket(1, { first_response_escalation_at: now + 1 }), now)).toBe('running');
    expect(firstResponseStatus(ticket(1), now)).toBeNull();
    const sla = slaPanel(
      [ticket(1, { group_id: 11, first_response_escalation_at: now + 1 }), ticket(2, { group_id: 10 })],
      KINDS,
      p,
      now,
      new Map([
        [10, { name: 'Users', qos_level: null }],
        [11, { name: 'EGI Support', qos_level: 'advanced' }],
      ]),
      new Map([[2, '2 normal']]),
    );
    expect(sla.units).toEqual([
      { group_id: 11, name: 'EGI Support', qos_level: 'advanced', met: 0, breached: 0, running: 1 },
      { group_id: 10, name: 'Users', qos_level: null, met: 0, breached: 0, running: 0 },
    ]);
    expect(sla.priorities).toEqual([{ priority_id: 2, name: '2 normal', met: 0, breached: 0, running: 1 }]);
  });
});

describe('workload', () => {
  it('counts each answered ticket once, never internal notes or customers’ messages', () => {
    const p = periodOf('2027-01-04', '2027-01-10');
    const a = (over: Partial<ZArticle>): ZArticle => ({
      ticket_id: 1,
      created_by_id: 7,
      created_at: at('2027-01-05T10:00:00Z'),
      internal: false,
      sender: 'Agent',
      type: 'email',
      ...over,
    });
    const pool = [
      ticket(1, { owner_id: 7, close_at: at('2027-01-06T00:00:00Z') }),
      ticket(2, { owner_id: 1 }),
    ];
    const rows = workloadCounts(
      pool,
      [
        a({}),
        a({ created_at: at('2027-01-06T10:00:00Z') }),
        a({ created_by_id: 8, type: 'note' }),
        a({ created_by_id: 8, internal: true }),
        a({ created_by_id: 9, sender: 'Customer' }),
        a({ created_by_id: 8, ticket_id: 2, created_at: at('2027-01-11T00:00:00Z') }),
      ],
      KINDS,
      p,
    );
    expect(workloadPanel(rows, new Map([[7, 'Ann Agent']]))).toEqual({
      agents: [{ user_id: 7, name: 'Ann Agent', assigned: 1, answered: 1, closed: 1 }],
    });
  });
});
