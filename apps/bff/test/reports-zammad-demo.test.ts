import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PANELS } from '../src/lib/reports.ts';
import { Browser, type RunningBff, startBff } from './harness.ts';
import { type OwnDesk, startOwnDesk } from './own-desk.ts';

/*
 * On demand (REPORTS_ZAMMAD_DEMO=1; about a minute and a desk of its own): the two report sources
 * on the demo history (about 4,000 tickets over 400 days, written straight into the database by
 * the desk's seed), for 90 days and for the whole 400 days, and what the Zammad path costs there.
 * Not in the default run: it is a measurement, and the clock runs (an SLA due time passing between
 * the two reads could move one ticket from running to breached).
 */

const run = process.env.REPORTS_ZAMMAD_DEMO === '1';
const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.skipIf(!run)('report figures on the demo history: desk and Zammad path', () => {
  let desk: OwnDesk;
  let bff: RunningBff;
  const calls: string[] = [];
  beforeAll(async () => {
    desk = await startOwnDesk({ demoHistory: true });
    bff = await startBff({
      zammadUrl: desk.url,
      zammadToken: desk.token,
      reportsSource: 'zammad',
      upstreamTimeoutMs: 30_000,
      fetch: (req) => {
        calls.push(`${req.method} ${new URL(req.url).pathname}`);
        return globalThis.fetch(req);
      },
    });
  }, 300_000);
  afterAll(async () => {
    await bff?.close();
    await desk?.close();
  });

  for (const days of [90, 400])
    it(`${days} days: identical, and the cost`, { timeout: 600_000 }, async () => {
      const b = new Browser(bff.url);
      expect((await b.signIn({ login: 'manager@example.org', password: 'demo-manager-pass' })).status).toBe(
        200,
      );
      const to = Date.now();
      const q = new URLSearchParams({ from: day(to - (days - 1) * DAY), to: day(to) }).toString();
      for (const round of ['cold', 'warm']) {
        const before = calls.length;
        const started = performance.now();
        const got = await Promise.all(PANELS.map((p) => b.request(`/bff/reports/${p}?${q}`)));
        const ms = Math.round(performance.now() - started);
        const kinds = new Map<string, number>();
        for (const c of calls.slice(before)) {
          const key = c.replace(/\/\d+$/, '/{id}');
          kinds.set(key, (kinds.get(key) ?? 0) + 1);
        }
        const deskStarted = performance.now();
        const expected = await Promise.all(
          PANELS.map((p) => desk.call('GET', `/eosc_reports/${p}?${q}`, undefined, 'manager@example.org')),
        );
        const deskMs = Math.round(performance.now() - deskStarted);
        console.info(
          `demo history, ${days} days (${round}): Zammad path ${calls.length - before} upstream requests in ${ms} ms; desk SQL ${deskMs} ms`,
          Object.fromEntries(kinds),
        );
        PANELS.forEach((p, i) => {
          expect(got[i]?.status, p).toBe(200);
          expect(got[i]?.body, p).toEqual(expected[i]?.body);
        });
      }
    });
});
