import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, deskAs, openEvents, type RunningBff, startBff } from './harness.ts';

let bff: RunningBff;
let seq = 0;
const admin = (path: string, init: RequestInit = {}) =>
  deskAs(DEMO.admin.login, DEMO.admin.password, path, init);

async function person(extra: Record<string, unknown> = {}) {
  seq += 1;
  const email = `sess${seq}-${Date.now()}@example.org`;
  const password = 'Sess-pass-1234';
  const r = await admin('/users', {
    method: 'POST',
    body: JSON.stringify({ email, firstname: 'Sess', password, roles: ['Customer'], ...extra }),
  });
  expect(r.status).toBe(201);
  return { id: r.body.id as number, login: (r.body.login as string) ?? email, email, password };
}

async function signedIn(who: { login: string; password: string }, on = bff) {
  const b = new Browser(on.url);
  const r = await b.signIn(who);
  expect(r.status).toBe(200);
  return b;
}

const whoAmI = async (b: Browser) => (await b.request('/bff/session')).body.user;

beforeAll(async () => {
  bff = await startBff({ sessionCheckMs: 0 });
});
afterAll(async () => {
  await bff?.close();
});

describe('the BFF names people by id', () => {
  it('a person whose login is a number does not act as the user with that id', async () => {
    const me = (await admin('/users/me')).body;
    const numeric = await person({ login: String(me.id) });
    expect(numeric.login).toBe(String(me.id));
    const b = await signedIn({ login: numeric.email, password: numeric.password });
    const list = await b.request('/bff/tickets?per_page=5');
    expect(list.status).toBe(200);
    // A new customer has no tickets; acting as the admin, they would see everyone's.
    expect(list.body.total_count).toBe(0);
  });
});

describe('sessions end on the server side', () => {
  it('deactivation ends a running session at once', async () => {
    const p = await person();
    const b = await signedIn(p);
    expect((await whoAmI(b)).id).toBe(p.id);
    await admin(`/users/${p.id}`, { method: 'PUT', body: JSON.stringify({ active: false }) });
    expect(await whoAmI(b)).toBeNull();
    expect((await b.request('/bff/tickets')).status).toBe(401);
  });

  it('a password change ends every session', async () => {
    const p = await person();
    const b = await signedIn(p);
    await admin(`/users/${p.id}`, { method: 'PUT', body: JSON.stringify({ password: 'Changed-pass-5678' }) });
    expect(await whoAmI(b)).toBeNull();
    expect(
      (await new Browser(bff.url).signIn({ login: p.email, password: 'Changed-pass-5678' })).status,
    ).toBe(200);
  });

  it('"sign out everywhere else" keeps this session and ends the others, a copied cookie included', async () => {
    const p = await person();
    const here = await signedIn(p);
    const there = await signedIn(p);
    const copy = new Browser(bff.url);
    copy.cookie = there.cookie;
    const r = await here.request('/bff/session/others', { method: 'DELETE' });
    expect(r.status).toBe(200);
    expect((await whoAmI(here)).id).toBe(p.id);
    expect(await whoAmI(there)).toBeNull();
    expect(await whoAmI(copy)).toBeNull();
  });

  it('an admin\'s "end all sessions" (desk API) ends them all', async () => {
    const p = await person();
    const a = await signedIn(p);
    const b = await signedIn(p);
    expect((await admin(`/users/${p.id}/sessions`, { method: 'DELETE' })).status).toBe(200);
    expect(await whoAmI(a)).toBeNull();
    expect(await whoAmI(b)).toBeNull();
  });

  it('a session ends after its absolute lifetime, however active', async () => {
    const short = await startBff({ maxSessionSeconds: 2, idleSeconds: 3600 });
    try {
      const p = await person();
      const b = await signedIn(p, short);
      const deadline = Date.now() + 6000;
      let user = await whoAmI(b);
      while (user && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 400));
        user = await whoAmI(b);
      }
      expect(user).toBeNull();
    } finally {
      await short.close();
    }
  });

  it('an open event stream ends when the session is revoked', async () => {
    const p = await person();
    const b = await signedIn(p);
    const stream = await openEvents(b);
    await stream.waitFor((e) => e.event === 'ready', 5000);
    await admin(`/users/${p.id}/sessions`, { method: 'DELETE' });
    const ended = await Promise.race([
      stream.closed.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 8000)),
    ]);
    expect(ended).toBe(true);
  });
});

describe('limits that hold', () => {
  it('parallel sign-in guesses cannot race past the per-account limit', async () => {
    const p = await person();
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => new Browser(bff.url).signIn({ login: p.email, password: 'wrong' })),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
  });

  it('behind an undeclared proxy, one address key does not lock everyone out', async () => {
    const proxied = await startBff({ trustProxy: false });
    try {
      const via = (who: { login: string; password: string }) =>
        new Browser(proxied.url).request('/bff/session', {
          method: 'POST',
          body: who,
          csrf: false,
          headers: { 'X-Forwarded-For': '203.0.113.7' },
        });
      // Over 50 failures from "one address" (the proxy's), across many accounts.
      await Promise.all(
        Array.from({ length: 52 }, (_, i) => via({ login: `nobody-${i}@example.org`, password: 'x' })),
      );
      const p = await person();
      expect((await via(p)).status).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('a person opens at most a few event streams at once', async () => {
    const p = await person();
    const b = await signedIn(p);
    const streams = await Promise.all(Array.from({ length: 5 }, () => openEvents(b)));
    expect(streams.every((s) => s.res.status === 200)).toBe(true);
    const sixth = await b.request('/bff/events');
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('too_many_streams');
    await Promise.all(streams.map((s) => s.close()));
    await new Promise((r) => setTimeout(r, 200));
    const again = await openEvents(b);
    expect(again.res.status).toBe(200);
    await again.close();
  });
});
