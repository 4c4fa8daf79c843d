import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoHistory } from '../src/seed/history.ts';
import { type Credentials, json, type RunningDesk, startDesk } from './harness.ts';
import { recountPanels } from './report-recount.ts';
import type { Json } from './ticket-fixtures.ts';

let desk: RunningDesk;
let elapsed = 0;
const MANAGER: Credentials = { basic: ['manager@example.org', 'demo-manager-pass'] };

beforeAll(async () => {
  desk = await startDesk();
  const started = Date.now();
  expect(await seedDemoHistory(desk.db, 31)).toBe(true);
  elapsed = Date.now() - started;
}, 120_000);
afterAll(() => desk.close());

const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('the demo history (npm start, first run)', () => {
  it('writes about 4,000 tickets over 400 days, in bulk, once', async () => {
    const [row] = await desk.db.query<{ n: number; first: Date; last: Date; articles: number }>(
      `SELECT count(*)::int AS n, min(created_at) AS first, max(created_at) AS last,
              (SELECT count(*)::int FROM ticket_articles a JOIN tickets t ON t.id = a.ticket_id
                WHERE t.title NOT LIKE 'fixture%') AS articles
         FROM tickets WHERE created_at < now() - interval '1 hour' OR eosc_ticket_type IS NOT NULL`,
    );
    expect(row?.n).toBeGreaterThanOrEqual(4000);
    expect(row?.articles).toBeGreaterThan(8000);
    expect(Date.now() - new Date(row?.first as Date).getTime()).toBeGreaterThan(390 * 86_400_000);
    expect(elapsed, `seeded in ${elapsed} ms`).toBeLessThan(20_000);
    expect(await seedDemoHistory(desk.db, 31)).toBe(false);
    const [changes] = await desk.db.query<{
      owners: number;
      unnamed: number;
      moves: number;
      reopens: number;
    }>(
      `SELECT count(*) FILTER (WHERE attribute = 'owner')::int AS owners,
              count(*) FILTER (WHERE attribute = 'owner' AND (value_from IS NULL OR value_to IS NULL))::int AS unnamed,
              count(*) FILTER (WHERE attribute = 'group')::int AS moves,
              count(*) FILTER (WHERE attribute = 'state' AND id_from = 4 AND id_to = 2)::int AS reopens
         FROM histories WHERE object = 'Ticket'`,
    );
    expect(changes?.owners).toBeGreaterThan(100);
    expect(changes?.unnamed).toBe(0);
    expect(changes?.moves).toBeGreaterThan(1000);
    expect(changes?.reopens).toBeGreaterThan(100);
  });

  it('gives every panel plausible figures, and leaves the demo accounts working', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 364 * 86_400_000);
    const q = `from=${iso(from)}&to=${iso(to)}`;
    const get = async (panel: string, query = q) => {
      const res = await desk.api(`/eosc_reports/${panel}?${query}`, { as: MANAGER });
      expect(res.status).toBe(200);
      return json(res);
    };
    const volume = await get('volume', `${q}&interval=week`);
    const created = volume.buckets.reduce((n: number, b: Json) => n + b.created, 0);
    expect(created).toBeGreaterThan(3000);
    const weekdays = (await get('volume')).buckets.filter((b: Json) => {
      const day = new Date(`${b.date}T00:00:00Z`).getUTCDay();
      return day >= 1 && day <= 5;
    });
    expect(weekdays.reduce((n: number, b: Json) => n + b.created, 0)).toBeGreaterThan(created * 0.8);
    const backlog = await get('backlog', `${q}&interval=week`);
    expect(backlog.buckets.at(-1).open).toBeGreaterThan(20);
    const times = await get('times');
    expect(times.first_response.count).toBeGreaterThan(2500);
    expect(times.resolution.median).toBeGreaterThan(times.first_response.median);
    const sla = await get('sla');
    const met = sla.units.reduce((n: number, u: Json) => n + u.met, 0);
    const breached = sla.units.reduce((n: number, u: Json) => n + u.breached, 0);
    expect(met).toBeGreaterThan(breached * 3);
    expect(breached).toBeGreaterThan(0);
    expect(sla.units.map((u: Json) => u.name)).toEqual(
      expect.arrayContaining(['EGI Support', 'EUDAT Support']),
    );
    const reopen = await get('reopen');
    expect(reopen.rate).toBeGreaterThan(0.02);
    expect(reopen.rate).toBeLessThan(0.15);
    expect((await get('services')).services).toHaveLength(8);
    expect((await get('workload')).agents.length).toBeGreaterThan(8);
    const lead = await desk.api(`/eosc_reports/sla?${q}`, {
      as: { basic: ['lead@example.org', 'demo-lead-pass'] },
    });
    expect((await json(lead)).units.map((u: Json) => u.name).sort()).toEqual([
      'EGI Support',
      'EUDAT Support',
    ]);
    for (const as of ['admin', 'agent', 'customer'] as Credentials[])
      expect((await desk.api('/users/me', { as })).status).toBe(200);
    const mine = await json(await desk.api('/tickets?per_page=100', { as: 'customer' }));
    expect(mine.length).toBeLessThan(10);
  });

  it('agrees with a recount in plain SQL over the whole year', async () => {
    const to = new Date();
    await recountPanels(desk, MANAGER, iso(new Date(to.getTime() - 364 * 86_400_000)), iso(to));
  });
});
