import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PANELS } from '../src/lib/reports.ts';
import { Browser, DEMO, type RunningBff, startBff } from './harness.ts';
import { type OwnDesk, startOwnDesk } from './own-desk.ts';
import { buildFixture, type Fixture, MANAGER, PERIOD } from './reports-zammad-fixture.ts';

/*
 * The two sources of report figures on the same data (docs/reports.md, "Against a real Zammad"):
 * the desk's SQL (`GET /api/v1/eosc_reports/{panel}`, asked directly) and the BFF's computation
 * from Zammad's standard API (a BFF with REPORTS_SOURCE=zammad in front of the same desk, asked
 * through `/bff/reports/{panel}`). Every panel, under several filters, must be deeply equal. The
 * desk is this file's own (own-desk.ts), so no other test file's tickets move the numbers between
 * the two reads; its clock stands still at the fixture's end, so "now" is the same for both.
 */

const MANAGER_PASSWORD = 'demo-manager-pass';

let desk: OwnDesk;
let fixture: Fixture;
let bff: RunningBff;
/** Every upstream request of the Zammad-path BFF: `METHOD /path`. */
const upstreamCalls: string[] = [];

beforeAll(async () => {
  desk = await startOwnDesk();
  fixture = await buildFixture(desk);
  bff = await startBff({
    zammadUrl: desk.url,
    zammadToken: desk.token,
    reportsSource: 'zammad',
    fetch: (req) => {
      upstreamCalls.push(`${req.method} ${new URL(req.url).pathname}`);
      return globalThis.fetch(req);
    },
  });
}, 240_000);

afterAll(async () => {
  await bff?.close();
  await desk?.close();
});

const query = (q: Record<string, string>) => new URLSearchParams({ ...PERIOD, ...q }).toString();

async function fromDesk(panel: string, q: Record<string, string>) {
  const res = await desk.call('GET', `/eosc_reports/${panel}?${query(q)}`, undefined, MANAGER);
  expect(res.status, `desk ${panel} ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

async function manager(): Promise<Browser> {
  const b = new Browser(bff.url);
  const res = await b.signIn({ login: MANAGER, password: MANAGER_PASSWORD });
  expect(res.status).toBe(200);
  expect(res.body.user.reports).toBe('all');
  return b;
}

async function fromZammadPath(b: Browser, panel: string, q: Record<string, string>) {
  const res = await b.request(`/bff/reports/${panel}?${query(q)}`);
  expect(res.status, `bff ${panel} ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

describe('report figures: the desk’s SQL and the BFF’s Zammad path agree', () => {
  const combos: [string, () => Record<string, string>][] = [
    ['no filter', () => ({})],
    ['no filter, weekly', () => ({ interval: 'week' })],
    ['one unit', () => ({ group_ids: String(fixture.groups['EUDAT Support']) })],
    [
      'two units, weekly',
      () => ({
        group_ids: `${fixture.groups['EGI Support']},${fixture.groups['EUDAT Support']}`,
        interval: 'week',
      }),
    ],
    ['one priority', () => ({ priority_ids: String(fixture.priorities['2 normal']) })],
    ['a service', () => ({ service: 'b2share' })],
    ['a provider', () => ({ provider: 'EUDAT CDI' })],
    ['a type', () => ({ type: 'incident' })],
    ['a channel', () => ({ channel: 'phone' })],
    [
      'a period from a Wednesday, weekly, unit and channel',
      () => ({
        from: '2027-01-06',
        to: '2027-02-20',
        interval: 'week',
        group_ids: `${fixture.groups['EUDAT Support']},${fixture.groups['OpenAIRE Support']}`,
        channel: 'web',
      }),
    ],
  ];

  for (const [name, make] of combos)
    it(`${name}: every panel is identical`, async () => {
      const b = await manager();
      const q = make();
      const before = upstreamCalls.length;
      for (const panel of PANELS) {
        const expected = await fromDesk(panel, q);
        const got = await fromZammadPath(b, panel, q);
        expect(got, `${panel} ${JSON.stringify(q)}`).toEqual(expected);
      }
      // Zammad's standard API only (the EOSC service catalogue only to resolve a provider).
      const used = upstreamCalls.slice(before);
      expect(used.filter((c) => c.includes('/eosc_reports'))).toEqual([]);
      if (!q.provider) expect(used.filter((c) => c.includes('/eosc_'))).toEqual([]);
    });

  it('the fixture gives every figure something to count (a test that cannot fail is no test)', async () => {
    const all = Object.fromEntries(await Promise.all(PANELS.map(async (p) => [p, await fromDesk(p, {})])));
    const sum = (rows: Record<string, number>[], key: string) => rows.reduce((n, r) => n + (r[key] ?? 0), 0);
    expect(sum(all.volume.buckets, 'created')).toBeGreaterThan(0);
    expect(sum(all.volume.buckets, 'closed')).toBeGreaterThan(0);
    expect(sum(all.backlog.buckets, 'open')).toBeGreaterThan(0);
    for (const bucket of ['lt_1d', 'd1_7', 'd7_30', 'gt_30d'])
      expect(all.backlog.age[bucket], bucket).toBeGreaterThan(0);
    for (const figure of ['first_response', 'resolution']) {
      expect(all.times[figure].count, figure).toBeGreaterThan(1);
      expect(all.times[figure].median, figure).toBeGreaterThan(0);
      expect(all.times[figure].p90, figure).toBeGreaterThan(all.times[figure].median);
    }
    expect(
      all.times.trend.some((w: { first_response_median: unknown }) => w.first_response_median !== null),
    ).toBe(true);
    expect(all.times.trend.some((w: { resolution_median: unknown }) => w.resolution_median !== null)).toBe(
      true,
    );
    for (const list of [all.sla.units, all.sla.priorities])
      for (const status of ['met', 'breached', 'running'])
        expect(sum(list, status), status).toBeGreaterThan(0);
    expect(all.sla.units.some((u: { qos_level: unknown }) => u.qos_level === null)).toBe(true);
    expect(all.sla.units.some((u: { qos_level: unknown }) => u.qos_level !== null)).toBe(true);
    expect(all.reopen.closed).toBeGreaterThan(all.reopen.reopened);
    expect(all.reopen.reopened).toBeGreaterThanOrEqual(2);
    expect(all.services.services.length).toBeGreaterThan(3);
    for (const key of ['assigned', 'answered', 'closed'])
      expect(sum(all.workload.agents, key), key).toBeGreaterThan(0);
    expect(all.workload.agents.length).toBeGreaterThan(2);
  });

  it('the scope is every active unit, as the desk says for the manager', async () => {
    const b = await manager();
    const res = await b.request('/bff/reports/scope');
    expect(res.status).toBe(200);
    expect(res.body).toEqual((await desk.call('GET', '/eosc_reports/scope', undefined, MANAGER)).body);
  });

  it('agents and customers get 403 on the Zammad path too, checked by the BFF', async () => {
    for (const who of [DEMO.agent, DEMO.customer]) {
      const b = new Browser(bff.url);
      const signIn = await b.signIn(who);
      expect(signIn.status).toBe(200);
      expect(signIn.body.user.reports).toBeNull();
      const before = upstreamCalls.length;
      for (const path of [
        '/bff/reports/scope',
        `/bff/reports/volume?${query({})}`,
        '/bff/reports/monthly.csv?month=2027-01',
      ]) {
        const res = await b.request(path);
        expect(res.status, `${who.login} ${path}`).toBe(403);
        expect(res.body).toMatchObject({ code: 'forbidden' });
      }
      // Refused before any ticket was read.
      expect(
        upstreamCalls.slice(before).filter((c) => c.includes('/tickets') || c.includes('/ticket_')),
      ).toEqual([]);
    }
  });

  it('auto: a helpdesk whose /eosc_reports answers 404 (as a real Zammad) gets the Zammad path', async () => {
    const calls: string[] = [];
    const zammadLike = await startBff({
      zammadUrl: desk.url,
      zammadToken: desk.token,
      reportsSource: 'auto',
      fetch: (req) => {
        const path = new URL(req.url).pathname;
        calls.push(path);
        // No EOSC extension at all, as on a real Zammad.
        if (path.includes('/eosc_'))
          return Promise.resolve(Response.json({ error: `No route matches [GET] ${path}` }, { status: 404 }));
        return globalThis.fetch(req);
      },
    });
    try {
      const b = new Browser(zammadLike.url);
      const signIn = await b.signIn({ login: MANAGER, password: MANAGER_PASSWORD });
      expect(signIn.body.user.reports).toBe('all');
      for (const panel of ['volume', 'sla', 'workload'] as const) {
        const res = await b.request(`/bff/reports/${panel}?${query({})}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body, panel).toEqual(await fromDesk(panel, {}));
      }
      expect(calls.filter((c) => c.includes('/eosc_reports/')).length).toBeGreaterThan(0);
      expect(calls.filter((c) => c.includes('/eosc_reports/') && !c.endsWith('/scope'))).toEqual([]);
      const agent = new Browser(zammadLike.url);
      expect((await agent.signIn(DEMO.agent)).body.user.reports).toBeNull();
      expect((await agent.request(`/bff/reports/volume?${query({})}`)).status).toBe(403);
    } finally {
      await zammadLike.close();
    }
  });

  it('what a 90-day dashboard costs on the Zammad path (logged): a fresh BFF, then again', async () => {
    const calls: string[] = [];
    const fresh = await startBff({
      zammadUrl: desk.url,
      zammadToken: desk.token,
      reportsSource: 'zammad',
      fetch: (req) => {
        calls.push(`${req.method} ${new URL(req.url).pathname}`);
        return globalThis.fetch(req);
      },
    });
    try {
      const b = new Browser(fresh.url);
      expect((await b.signIn({ login: MANAGER, password: MANAGER_PASSWORD })).status).toBe(200);
      for (const round of ['cold', 'warm']) {
        const before = calls.length;
        const started = performance.now();
        // As the dashboard asks: every panel at once.
        await Promise.all(PANELS.map((p) => fromZammadPath(b, p, {})));
        const used = calls.slice(before);
        const kinds = new Map<string, number>();
        for (const c of used) {
          const key = c.replace(/\/\d+$/, '/{id}');
          kinds.set(key, (kinds.get(key) ?? 0) + 1);
        }
        console.info(
          `reports on the Zammad path, 90 days, 7 panels (${round}): ${used.length} upstream requests in ${Math.round(performance.now() - started)} ms`,
          Object.fromEntries(kinds),
        );
        expect(used.some((c) => c.includes('/ticket_history/'))).toBe(round === 'cold');
      }
    } finally {
      await fresh.close();
    }
  });
});
