import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, openEvents, type RunningBff, startBff } from './harness.ts';

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff({ pollIntervalMs: 200, heartbeatMs: 300 });
});
afterAll(async () => {
  await bff?.close();
});

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  expect((await b.signIn(who)).status).toBe(200);
  return b;
}

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('GET /bff/events', () => {
  it('needs a session', async () => {
    const res = await new Browser(bff.url).request('/bff/events');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it('is an event stream under the strict CSP, with a ready event and heartbeats', async () => {
    const c = await signedIn(DEMO.customer);
    const s = await openEvents(c);
    try {
      expect(s.res.status).toBe(200);
      expect(s.res.headers.get('content-type')).toContain('text/event-stream');
      expect(s.res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(s.res.headers.get('cache-control')).toContain('no-store');
      const ready = await s.waitFor((e) => e.event === 'ready');
      expect(JSON.parse(ready.data)).toEqual({ poll_interval_ms: 200 });
      await s.waitFor((e) => e.event === ':');
    } finally {
      await s.close();
    }
  });

  it('tells the customer when an agent changes their ticket, and about new tickets', async () => {
    const c = await signedIn(DEMO.customer);
    const created = await c.request('/bff/tickets', { method: 'POST', body: { title: 'live', body: 'x' } });
    const s = await openEvents(c);
    try {
      await s.waitFor((e) => e.event === 'ready');
      await new Promise((r) => setTimeout(r, 400)); // first poll = baseline, no event
      expect(s.events.filter((e) => e.event === 'tickets')).toEqual([]);
      const a = await signedIn(DEMO.agent);
      await a.request(`/bff/tickets/${created.body.id}`, { method: 'PATCH', body: { priority_id: 3 } });
      const changed = await s.waitFor((e) => e.event === 'tickets');
      expect(JSON.parse(changed.data).ids).toEqual([created.body.id]);
      const fresh = await c.request('/bff/tickets', { method: 'POST', body: { title: 'live 2', body: 'x' } });
      await s.waitFor((e) => e.event === 'tickets' && JSON.parse(e.data).ids.includes(fresh.body.id));
    } finally {
      await s.close();
    }
  });

  it('shares one poller between the tabs of a person and stops it when they all close', async () => {
    const c = await signedIn(DEMO.agent);
    const before = bff.services.live.pollerCount;
    const tab1 = await openEvents(c);
    const tab2 = await openEvents(c);
    await tab1.waitFor((e) => e.event === 'ready');
    await tab2.waitFor((e) => e.event === 'ready');
    expect(bff.services.live.pollerCount).toBe(before + 1);
    await tab1.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(bff.services.live.pollerCount).toBe(before + 1);
    await tab2.close();
    await until(() => bff.services.live.pollerCount === before);
  });

  it('ends the stream when the session would go idle', async () => {
    const short = await startBff({ idleSeconds: 2, pollIntervalMs: 200 });
    try {
      const b = new Browser(short.url);
      await b.signIn(DEMO.customer);
      const s = await openEvents(b);
      await s.waitFor((e) => e.event === 'ready');
      const started = Date.now();
      await until(() => short.services.live.pollerCount === 0, 4000);
      expect(Date.now() - started).toBeLessThan(3000);
      await s.close();
    } finally {
      await short.close();
    }
  });
});
