import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, json, type RunningDesk, SERVICE_TOKEN, startDesk } from './harness.ts';
import { buildReportFixture, type ReportFixture } from './report-fixtures.ts';
import { recountPanels } from './report-recount.ts';
import { call, type Json } from './ticket-fixtures.ts';

let desk: RunningDesk;
let fx: ReportFixture;

const MANAGER: Credentials = { basic: ['manager@example.org', 'demo-manager-pass'] };
const DEMO_LEAD: Credentials = { basic: ['lead@example.org', 'demo-lead-pass'] };
const PERIOD = 'from=2025-03-03&to=2025-03-16';

beforeAll(async () => {
  desk = await startDesk();
  fx = await buildReportFixture(desk);
});
afterAll(() => desk.close());

async function report(panel: string, query: string, as: Credentials = MANAGER): Promise<Json> {
  const res = await desk.api(`/eosc_reports/${panel}?${query}`, { as });
  const body = await json(res);
  if (res.status !== 200) throw new Error(`${panel}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

const both = () => `${PERIOD}&group_ids=${fx.a},${fx.b}`;

describe('who sees reports', () => {
  it('a manager and an admin see every unit', async () => {
    for (const as of [MANAGER, 'admin'] as Credentials[]) {
      const res = await desk.api('/eosc_reports/scope', { as });
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.scope).toBe('all');
      expect(body.group_ids).toEqual(expect.arrayContaining([1, fx.a, fx.b]));
    }
  });

  it('a unit lead sees their units only, and is refused others', async () => {
    const scope = await json(await desk.api('/eosc_reports/scope', { as: fx.lead.as }));
    expect(scope).toEqual({ scope: 'units', group_ids: [fx.a] });
    const own = await report('volume', PERIOD, fx.lead.as);
    expect(own.buckets.reduce((n: number, b: Json) => n + b.created, 0)).toBe(3);
    expect(
      (await desk.api(`/eosc_reports/volume?${PERIOD}&group_ids=${fx.a}`, { as: fx.lead.as })).status,
    ).toBe(200);
    for (const groups of [`${fx.b}`, `${fx.a},${fx.b}`, '1']) {
      const res = await desk.api(`/eosc_reports/volume?${PERIOD}&group_ids=${groups}`, { as: fx.lead.as });
      expect(res.status).toBe(403);
      expect((await json(res)).error).toMatch(/Not authorized/);
    }
  });

  it('the demo lead leads EGI Support and EUDAT Support', async () => {
    const scope = await json(await desk.api('/eosc_reports/scope', { as: DEMO_LEAD }));
    const names = await desk.db.query<{ id: number }>(
      `SELECT id FROM groups WHERE name IN ('EGI Support', 'EUDAT Support') ORDER BY id`,
    );
    expect(scope).toEqual({ scope: 'units', group_ids: names.map((r) => r.id) });
  });

  it('the BFF acting for a person (service token and From) gets the scope of that person', async () => {
    const as = (from: string): Credentials => ({ token: SERVICE_TOKEN, from });
    expect((await json(await desk.api('/eosc_reports/scope', { as: as('manager@example.org') }))).scope).toBe(
      'all',
    );
    expect((await json(await desk.api('/eosc_reports/scope', { as: as('lead@example.org') }))).scope).toBe(
      'units',
    );
    expect((await desk.api('/eosc_reports/scope', { as: as('agent@example.org') })).status).toBe(403);
    expect((await desk.api('/eosc_reports/scope', { as: as('customer@example.org') })).status).toBe(403);
  });

  it('agents, customers and anonymous callers are refused', async () => {
    for (const as of ['agent', 'customer', fx.agentX.as] as Credentials[]) {
      for (const path of ['/eosc_reports/scope', `/eosc_reports/volume?${PERIOD}`, '/eosc_reports/volume']) {
        const res = await desk.api(path, { as });
        expect(res.status).toBe(403);
        expect((await json(res)).error).toBeTruthy();
      }
    }
    expect((await desk.api('/eosc_reports/scope', { as: 'none' })).status).toBe(403);
  });
});

describe('panels on hand-built tickets', () => {
  it('volume: created and first closed per day and per week', async () => {
    const daily = await report('volume', both());
    expect(daily.buckets).toHaveLength(14);
    const nonZero = daily.buckets.filter((b: Json) => b.created || b.closed);
    expect(nonZero).toEqual([
      { date: '2025-03-03', created: 1, closed: 0 },
      { date: '2025-03-04', created: 0, closed: 1 },
      { date: '2025-03-05', created: 1, closed: 0 },
      { date: '2025-03-07', created: 1, closed: 0 },
      { date: '2025-03-10', created: 1, closed: 0 },
      { date: '2025-03-12', created: 1, closed: 0 },
      { date: '2025-03-13', created: 0, closed: 1 },
      { date: '2025-03-16', created: 1, closed: 0 },
    ]);
    const weekly = await report('volume', `${both()}&interval=week`);
    expect(weekly.buckets).toEqual([
      { date: '2025-03-03', created: 3, closed: 1 },
      { date: '2025-03-10', created: 3, closed: 1 },
    ]);
  });

  it('backlog: open at the end of each day (closing, merging and reopening count), age at the end', async () => {
    const r = await report('backlog', both());
    expect(r.buckets.map((b: Json) => b.open)).toEqual([2, 1, 2, 2, 3, 2, 2, 3, 3, 4, 3, 4, 4, 5]);
    expect(r.buckets[0].date).toBe('2025-03-03');
    expect(r.age).toEqual({ lt_1d: 1, d1_7: 2, d7_30: 2, gt_30d: 0 });
    const weekly = await report('backlog', `${both()}&interval=week`);
    expect(weekly.buckets).toEqual([
      { date: '2025-03-03', open: 2 },
      { date: '2025-03-10', open: 5 },
    ]);
  });

  it('times: first response and resolution medians and 90th percentiles, weekly trend', async () => {
    const r = await report('times', both());
    expect(r.first_response).toEqual({ count: 3, median: 60, p90: 600 });
    expect(r.resolution).toEqual({ count: 2, median: 240, p90: 480 });
    expect(r.trend).toEqual([
      { date: '2025-03-03', first_response_median: 60, resolution_median: 480 },
      { date: '2025-03-10', first_response_median: 30, resolution_median: 240 },
    ]);
    const empty = await report('times', `from=2024-01-01&to=2024-01-07&group_ids=${fx.a}`);
    expect(empty.first_response).toEqual({ count: 0, median: null, p90: null });
  });

  it('sla: first response met, breached, running per unit and priority', async () => {
    const r = await report('sla', both());
    // Units come by name; the fixture's names are random, so compare by id.
    r.units.sort((x: Json, y: Json) => x.group_id - y.group_id);
    expect(r.units).toEqual(
      [
        { group_id: fx.a, met: 1, breached: 1, running: 0 },
        { group_id: fx.b, met: 1, breached: 1, running: 1 },
      ].map((u) => expect.objectContaining(u)),
    );
    expect(r.units[0]).toHaveProperty('qos_level', null);
    expect(r.priorities).toEqual([
      { priority_id: 2, name: '2 normal', met: 2, breached: 1, running: 1 },
      { priority_id: 3, name: '3 high', met: 0, breached: 1, running: 0 },
    ]);
  });

  it('reopen, services and workload', async () => {
    expect(await report('reopen', both())).toEqual({ closed: 2, reopened: 1, rate: 0.5 });
    expect(await report('services', both())).toEqual({
      services: [
        { service: 'b2share', created: 2 },
        { service: 'zenodo', created: 2 },
      ],
    });
    const w = await report('workload', both());
    expect(w.agents).toEqual([
      { user_id: fx.agentX.id, name: 'Test x', assigned: 2, answered: 2, closed: 1 },
      { user_id: fx.agentY.id, name: 'Test y', assigned: 1, answered: 1, closed: 1 },
    ]);
  });

  it('filters: group, priority, type, service, provider, channel', async () => {
    const created = async (q: string) =>
      (await report('volume', `${PERIOD}&${q}`)).buckets.reduce((n: number, b: Json) => n + b.created, 0);
    const g = `group_ids=${fx.a},${fx.b}`;
    expect(await created(`group_ids=${fx.a}`)).toBe(3);
    expect(await created(`${g}&priority_ids=3`)).toBe(1);
    expect(await created(`${g}&type=service_request`)).toBe(1);
    expect(await created(`${g}&type=incident`)).toBe(3);
    expect(await created(`${g}&service=zenodo`)).toBe(2);
    expect(await created(`${g}&provider=${encodeURIComponent('CERN / OpenAIRE')}`)).toBe(2);
    expect(await created(`${g}&channel=email`)).toBe(1);
    expect(await created(`${g}&channel=phone`)).toBe(0);
  });
});

describe('a recount in plain SQL agrees with every panel', () => {
  it('over the whole demo database and the fixture, for a manager without filters', async () => {
    await recountPanels(desk, MANAGER, '2025-01-01', '2025-12-31');
  });

  it('the matching tickets are found with the search condition syntax', async () => {
    const res = await call(desk, 'admin', 'POST', '/tickets/search', {
      query: '*',
      condition: {
        operator: 'AND',
        conditions: [
          { name: 'ticket.group_id', operator: 'is', value: [String(fx.a), String(fx.b)] },
          { name: 'ticket.created_at', operator: 'after (absolute)', value: '2025-03-03T00:00:00Z' },
          { name: 'ticket.created_at', operator: 'before (absolute)', value: '2025-03-16T23:59:59.999Z' },
          { name: 'ticket.eosc_first_response', operator: 'is', value: ['breached'] },
        ],
      },
      with_total_count: true,
    });
    expect(res.status).toBe(200);
    const ids = (res.body.records as Json[]).map((t) => t.id).sort((x, y) => x - y);
    expect(ids).toEqual([fx.ids.t2, fx.ids.t3].sort((x, y) => (x as number) - (y as number)));
    const bad = await call(desk, 'admin', 'POST', '/tickets/search', {
      query: '*',
      condition: { 'ticket.eosc_first_response': { operator: 'is', value: 'late' } },
    });
    expect(bad.status).toBe(422);
    const customer = await call(desk, 'customer', 'POST', '/tickets/search', {
      query: '*',
      condition: { 'ticket.eosc_first_response': { operator: 'is', value: 'met' } },
    });
    expect(customer.status).toBe(422);
  });
});

describe('bad input is a 422 with a JSON body', () => {
  it.each([
    ['volume', ''],
    ['volume', 'from=2025-03-01'],
    ['volume', 'from=2025-02-30&to=2025-03-01'],
    ['volume', 'from=03/01/2025&to=2025-03-01'],
    ['volume', 'from=2025-03-02&to=2025-03-01'],
    ['volume', 'from=2024-01-01&to=2025-02-04'],
    ['volume', `${PERIOD}&interval=month`],
    ['volume', `${PERIOD}&group_ids=abc`],
    ['volume', `${PERIOD}&priority_ids=1;2`],
    ['volume', `${PERIOD}&channel=pigeon`],
    ['volume', `${PERIOD}&group_ids=99999999999`],
    ['volume', `${PERIOD}&priority_ids=2147483648`],
    ['volume', `${PERIOD}&type=a%00b`],
    ['volume', 'from[]=2025-03-01&to=2025-03-02'],
    ['nonsense', PERIOD],
  ])('%s?%s', async (panel, query) => {
    const res = await desk.api(`/eosc_reports/${panel}?${query}`, { as: MANAGER });
    expect(res.status).toBe(422);
    expect((await json(res)).error).toEqual(expect.any(String));
  });

  it('400 days is the longest period', async () => {
    expect(
      (await desk.api('/eosc_reports/volume?from=2024-01-01&to=2025-02-03', { as: MANAGER })).status,
    ).toBe(200);
  });
});

describe('who leads a unit (groups: eosc_lead_ids)', () => {
  it('admins set the leads, everyone reading groups in full sees them, and the scope follows', async () => {
    const before = await call(desk, 'admin', 'GET', `/groups/${fx.a}`);
    expect(before.body.eosc_lead_ids).toEqual([fx.lead.id]);
    const set = await call(desk, 'admin', 'PUT', `/groups/${fx.b}`, { eosc_lead_ids: [fx.lead.id] });
    expect(set.status).toBe(200);
    expect(set.body.eosc_lead_ids).toEqual([fx.lead.id]);
    expect(await json(await desk.api('/eosc_reports/scope', { as: fx.lead.as }))).toEqual({
      scope: 'units',
      group_ids: [fx.a, fx.b],
    });
    expect(
      (await desk.api(`/eosc_reports/volume?${PERIOD}&group_ids=${fx.b}`, { as: fx.lead.as })).status,
    ).toBe(200);
    expect((await call(desk, 'admin', 'PUT', `/groups/${fx.b}`, { eosc_lead_ids: [999999] })).status).toBe(
      422,
    );
    expect((await call(desk, 'admin', 'PUT', `/groups/${fx.b}`, { eosc_lead_ids: ['x'] })).status).toBe(422);
    expect((await call(desk, 'agent', 'PUT', `/groups/${fx.b}`, { eosc_lead_ids: [] })).status).toBe(403);
    expect(
      (await call(desk, 'admin', 'PUT', `/groups/${fx.b}`, { eosc_lead_ids: [] })).body.eosc_lead_ids,
    ).toEqual([]);
    expect(
      (await desk.api(`/eosc_reports/volume?${PERIOD}&group_ids=${fx.b}`, { as: fx.lead.as })).status,
    ).toBe(403);
    const customer = await call(desk, 'customer', 'GET', '/groups');
    expect(customer.body.every((g: Json) => !('eosc_lead_ids' in g))).toBe(true);
  });
});
