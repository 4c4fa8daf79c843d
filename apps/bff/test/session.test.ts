import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionSealer } from '../src/lib/session-cookie.ts';
import { Browser, DEMO, deskAs, type RunningBff, startBff } from './harness.ts';

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

describe('health and documents', () => {
  it('answers /bff/health when the upstream answers', async () => {
    const res = await new Browser(bff.url).request('/bff/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', upstream: 'ok' });
  });

  it('answers 503 when the upstream is down', async () => {
    const down = await startBff({ zammadUrl: 'http://127.0.0.1:9' });
    try {
      const res = await new Browser(down.url).request('/bff/health');
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('upstream_unavailable');
      expect(res.body.request_id).toMatch(/[0-9a-f-]{36}/);
    } finally {
      await down.close();
    }
  });

  it('serves its own OpenAPI 3.1 document listing the permanent routes', async () => {
    const res = await new Browser(bff.url).request('/bff/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/bff/health', '/bff/session', '/bff/tickets']),
    );
  });

  it('sets security headers on every reply', async () => {
    const res = await new Browser(bff.url).request('/bff/health');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    // HSTS only where the browser came over HTTPS (here: plain HTTP, then a proxy saying https).
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const https = await fetch(`${bff.url}/bff/health`, { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('answers a body that is no JSON with 400 invalid_input, not a 502 (found by fuzzing)', async () => {
    for (const body of ['\u0000\u0001', '{"a":']) {
      const res = await fetch(`${bff.url}/bff/signup/verify`, {
        method: 'POST',
        headers: { Origin: bff.url, 'X-EOSC-CSRF': '1', 'Content-Type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe('invalid_input');
    }
  });

  it('answers unknown BFF routes with a JSON 404', async () => {
    const res = await new Browser(bff.url).request('/bff/nothing');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });
});

describe('sign-in', () => {
  it('signs in with e-mail and password, sets a sealed HttpOnly SameSite=Lax cookie', async () => {
    const b = new Browser(bff.url);
    const res = await b.signIn(DEMO.customer);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      login: 'customer@example.org',
      name: 'Chris Customer',
      is_agent: false,
    });
    const cookie = res.setCookie[0] ?? '';
    expect(cookie).toMatch(/^eosc_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('customer@example.org'); // encrypted, nothing readable
    const me = await b.request('/bff/session');
    expect(me.status).toBe(200);
    expect(me.body.user.login).toBe('customer@example.org');
  });

  it('tells an anonymous visitor that nobody is signed in: 200 { user: null }, no error', async () => {
    const b = new Browser(bff.url);
    const res = await b.request('/bff/session');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: null });
    expect((await b.request('/bff/tickets')).status).toBe(401);
  });

  it('recognises agents', async () => {
    const res = await new Browser(bff.url).signIn(DEMO.agent);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ is_agent: true, is_admin: false });
  });

  it('answers 401 on a wrong password, and 400 on empty input', async () => {
    const wrong = await new Browser(bff.url).signIn({ login: DEMO.agent.login, password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials', error: 'Wrong login or password.' });
    const empty = await new Browser(bff.url).signIn({ login: '', password: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('invalid_input');
  });

  it('refuses a sign-in from another origin (login CSRF)', async () => {
    const b = new Browser(bff.url);
    const res = await b.request('/bff/session', {
      method: 'POST',
      body: DEMO.customer,
      headers: { Origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_origin');
  });

  it('rate-limits repeated failures per account with 429 and Retry-After', async () => {
    // A throwaway account: the desk counts failed logins too (shared by every test file), and a
    // locked demo account would make other files' sign-ins fail for 15 minutes.
    const login = `locked-${Date.now()}@example.org`;
    const password = 'Locked-pass-1234';
    const made = await deskAs(DEMO.admin.login, DEMO.admin.password, '/users', {
      method: 'POST',
      body: JSON.stringify({ email: login, login, firstname: 'Locked', password, roles: ['Customer'] }),
    });
    expect(made.status).toBe(201);
    const b = new Browser(bff.url);
    const victim = { login, password: 'guess' };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await b.signIn(victim)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const limited = await b.signIn(victim);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // even the right password waits: the account is locked for the window
    expect((await b.signIn({ login, password })).status).toBe(429);
  });

  it('signs out, and the session is gone', async () => {
    const b = new Browser(bff.url);
    await b.signIn(DEMO.customer);
    const out = await b.request('/bff/session', { method: 'DELETE' });
    expect(out.status).toBe(204);
    const after = await b.request('/bff/session');
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ user: null });
    expect((await b.request('/bff/tickets')).status).toBe(401);
  });

  it('rejects a tampered cookie', async () => {
    const b = new Browser(bff.url);
    await b.signIn(DEMO.customer);
    const [name, value = ''] = b.cookie.split('=');
    const flipped = value.slice(0, 20) + (value[20] === 'A' ? 'B' : 'A') + value.slice(21);
    b.cookie = `${name}=${flipped}`;
    const res = await b.request('/bff/session');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: null });
    const other = await b.request('/bff/tickets');
    expect(other.status).toBe(401);
    expect(other.body.code).toBe('unauthenticated');
  });

  it('rejects a cookie sealed with another secret', async () => {
    const b = new Browser(bff.url);
    await b.signIn(DEMO.customer);
    const stranger = await startBff({ sealer: new SessionSealer('another-secret-of-at-least-32-chars!!') });
    try {
      const s = new Browser(stranger.url);
      s.cookie = b.cookie;
      expect((await s.request('/bff/session')).body).toEqual({ user: null });
      expect((await s.request('/bff/tickets')).status).toBe(401);
    } finally {
      await stranger.close();
    }
  });
});
