import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import type { BffDeps } from '../src/context.ts';
import { SessionSealer } from '../src/lib/session-cookie.ts';

/*
 * The BFF in front of a fake upstream (MSW intercepts globalThis.fetch, which the zammad-api
 * client reads at call time). Requests go to the app in-process (app.request), so only
 * upstream calls touch fetch.
 */

const UP = 'http://zammad.test';
const api = (path: string) => `${UP}/api/v1${path}`;
const TIMEOUT_MS = 300;

// The session guard asks whether the person is still active and at which session epoch.
const server = setupServer(
  http.get(api('/users/:id/sessions'), ({ params }) =>
    HttpResponse.json({
      user_id: Number(params.id),
      active: true,
      session_epoch: 0,
      sessions_revoked_at: null,
    }),
  ),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const deps: BffDeps = {
  zammadUrl: UP,
  zammadToken: 'service-token',
  sealer: new SessionSealer('faults-test-secret-0123456789abcdefgh'),
  idleSeconds: 3600,
  upstreamTimeoutMs: TIMEOUT_MS,
  allowedOrigins: [],
};
// A fresh app per test: the reference cache shares in-flight loads, and a slow one from a
// previous test must not leak into the next.
let app = createApp(deps);
beforeEach(() => {
  app = createApp(deps);
});
const ORIGIN = 'http://localhost';

function cookieFor(
  who: { uid: number; login: string; is_agent?: boolean },
  life: { iat?: number; exp?: number } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const sealed = deps.sealer.seal({
    uid: who.uid,
    login: who.login,
    firstname: 'Chris',
    lastname: 'Customer',
    email: who.login,
    roles: [who.is_agent ? 'Agent' : 'Customer'],
    is_agent: who.is_agent ?? false,
    is_admin: false,
    iat: life.iat ?? now,
    exp: life.exp ?? now + deps.idleSeconds,
  });
  return `eosc_session=${sealed}`;
}
const CUSTOMER = { uid: 3, login: 'customer@example.org' };

function call(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { Origin: ORIGIN, Host: 'localhost', ...init.headers };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init.method && init.method !== 'GET') headers['X-EOSC-CSRF'] ??= '1';
  return app.request(`${ORIGIN}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

const referenceHandlers = [
  http.get(api('/ticket_states'), () =>
    HttpResponse.json([
      { id: 1, name: 'new', state_type_id: 1, active: true },
      { id: 2, name: 'open', state_type_id: 2, active: true },
      { id: 4, name: 'closed', state_type_id: 5, active: true },
    ]),
  ),
  http.get(api('/ticket_priorities'), () => HttpResponse.json([{ id: 2, name: '2 normal', active: true }])),
  http.get(api('/groups'), () => HttpResponse.json([{ id: 1, name: 'Users', active: true }])),
];

const ticket = {
  id: 7,
  number: '31007',
  title: 'Printer',
  group_id: 1,
  state_id: 2,
  priority_id: 2,
  owner_id: 1,
  customer_id: 3,
  organization_id: null,
  article_count: 1,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-02T00:00:00.000Z',
};

describe('an upstream that is down, slow or broken', () => {
  it('down: a JSON 503 at once', async () => {
    server.use(http.all(`${UP}/*`, () => HttpResponse.error()));
    const res = await call('/bff/tickets', { headers: { Cookie: cookieFor(CUSTOMER) } });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toMatchObject({ code: 'upstream_unavailable' });
  });

  it('slow: a JSON 504 within the bound, for every kind of route', async () => {
    server.use(
      http.all(`${UP}/*`, async () => {
        await delay(5000);
        return HttpResponse.json([]);
      }),
    );
    for (const [path, init] of [
      ['/bff/tickets', {}],
      ['/bff/tickets/7', {}],
      ['/bff/home', {}],
      ['/bff/reference', {}],
      ['/bff/tickets', { method: 'POST', body: { title: 't', body: 'b' } }],
    ] as const) {
      const started = Date.now();
      const res = await call(path, { ...init, headers: { Cookie: cookieFor(CUSTOMER) } });
      const took = Date.now() - started;
      expect(res.status, path).toBe(504);
      expect((await res.json()).code).toBe('upstream_timeout');
      expect(took).toBeLessThan(TIMEOUT_MS * 3 + 500);
    }
  });

  it('500: a JSON 502 without the upstream page', async () => {
    server.use(
      ...referenceHandlers,
      http.post(api('/tickets/search'), () =>
        HttpResponse.json({ error: 'Error ID abc: Please contact your administrator.' }, { status: 500 }),
      ),
    );
    const res = await call('/bff/tickets', { headers: { Cookie: cookieFor(CUSTOMER) } });
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('upstream_error');
  });

  it('an HTML error page from a proxy: a JSON 502, never HTML', async () => {
    server.use(
      ...referenceHandlers,
      http.get(api('/tickets/7'), () =>
        HttpResponse.html('<html><body>Bad Gateway</body></html>', { status: 502 }),
      ),
      http.get(api('/ticket_articles/by_ticket/7'), () => HttpResponse.json([])),
    );
    const res = await call('/bff/tickets/7', { headers: { Cookie: cookieFor(CUSTOMER) } });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.text()).not.toContain('<html>');
  });

  it('malformed JSON: a JSON 502', async () => {
    server.use(
      ...referenceHandlers,
      http.post(
        api('/tickets/search'),
        () => new HttpResponse('{"record_ids": [1, ', { headers: { 'Content-Type': 'application/json' } }),
      ),
    );
    const res = await call('/bff/tickets', { headers: { Cookie: cookieFor(CUSTOMER) } });
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('upstream_malformed');
  });

  it('JSON of the wrong shape: a JSON 502', async () => {
    server.use(
      ...referenceHandlers,
      http.post(api('/tickets/search'), () => HttpResponse.json({ records: 'nope' })),
    );
    const res = await call('/bff/tickets', { headers: { Cookie: cookieFor(CUSTOMER) } });
    expect(res.status).toBe(502);
    expect((await res.json()).code).toBe('upstream_malformed');
  });
});

describe("the upstream's refusals pass through", () => {
  for (const [status, message] of [
    [403, 'Not authorized'],
    [404, "Couldn't find Ticket with 'id'=7"],
    [422, 'Cannot follow-up on a closed ticket. Please create a new ticket.'],
  ] as const) {
    it(`${status} with its message`, async () => {
      server.use(
        ...referenceHandlers,
        // The ticket is open, so the reply is a plain article (a closed one is reopened by PUT).
        http.get(api('/tickets/7'), () => HttpResponse.json(ticket)),
        http.post(api('/ticket_articles'), () =>
          HttpResponse.json({ error: message, error_human: message }, { status }),
        ),
      );
      const res = await call('/bff/tickets/7/articles', {
        method: 'POST',
        body: { body: 'hi' },
        headers: { Cookie: cookieFor(CUSTOMER) },
      });
      expect(res.status).toBe(status);
      expect((await res.json()).error).toBe(message);
    });
  }

  it('401 (the service token refused) keeps its status, with its own code, and keeps the session', async () => {
    server.use(
      http.all(`${UP}/*`, () => HttpResponse.json({ error: "Can't find User for Token" }, { status: 401 })),
    );
    const res = await call('/bff/tickets', { headers: { Cookie: cookieFor(CUSTOMER) } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      code: 'upstream_unauthorized',
      error: "Can't find User for Token",
    });
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/eosc_session=;/);
    const still = await call('/bff/session', { headers: { Cookie: cookieFor(CUSTOMER) } });
    expect(still.status).toBe(200);
  });
});

describe('every upstream call made for a person', () => {
  it('carries the service token and From: <that person>', async () => {
    const seen: { url: string; auth: string | null; from: string | null }[] = [];
    const record = ({ request }: { request: Request }) => {
      seen.push({
        url: request.url,
        auth: request.headers.get('authorization'),
        from: request.headers.get('from'),
      });
    };
    server.events.on('request:start', record);
    server.use(
      ...referenceHandlers,
      http.post(api('/tickets/search'), () =>
        HttpResponse.json({ record_ids: [7], assets: { Ticket: { 7: ticket } }, total_count: 1 }),
      ),
      http.get(api('/tickets/7'), () =>
        HttpResponse.json({
          ticket_id: 7,
          ticket_article_ids: [],
          assets: { Ticket: { 7: ticket } },
          tags: [],
        }),
      ),
    );
    try {
      const cookie = cookieFor(CUSTOMER);
      for (const path of ['/bff/tickets', '/bff/tickets/7', '/bff/home', '/bff/reference']) {
        expect((await call(path, { headers: { Cookie: cookie } })).status, path).toBe(200);
      }
    } finally {
      server.events.removeListener('request:start', record);
    }
    expect(seen.length).toBeGreaterThanOrEqual(6);
    for (const s of seen) {
      expect(s.auth, s.url).toBe('Token token=service-token');
      // Named by id (a login may be another person's id); the session check asks as the service.
      expect(s.from, s.url).toBe(s.url.endsWith('/users/3/sessions') ? null : String(CUSTOMER.uid));
    }
    expect(seen.filter((s) => s.from === String(CUSTOMER.uid)).length).toBeGreaterThanOrEqual(5);
  });
});

describe('sessions', () => {
  it('signs in with the person’s own password (Basic), Secure behind HTTPS', async () => {
    let auth = '';
    server.use(
      http.get(api('/users/me'), ({ request }) => {
        auth = request.headers.get('authorization') ?? '';
        return HttpResponse.json({
          id: 3,
          login: 'customer@example.org',
          firstname: 'Chris',
          lastname: 'Customer',
          email: 'customer@example.org',
          active: true,
          roles: ['Customer'],
        });
      }),
    );
    const res = await app.request('https://help.example.org/bff/session', {
      method: 'POST',
      headers: {
        Origin: 'https://help.example.org',
        'Content-Type': 'application/json',
        'X-Forwarded-Proto': 'https',
      },
      body: JSON.stringify({ login: 'customer@example.org', password: 'pw' }),
    });
    expect(res.status).toBe(200);
    expect(auth).toBe(`Basic ${Buffer.from('customer@example.org:pw').toString('base64')}`);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('is not renewed while fresh, renewed (rolling) after a quarter of the idle time', async () => {
    const now = Math.floor(Date.now() / 1000);
    const fresh = await call('/bff/session', { headers: { Cookie: cookieFor(CUSTOMER) } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('set-cookie')).toBeNull();

    const iat = now - 2000;
    const aging = await call('/bff/session', {
      headers: { Cookie: cookieFor(CUSTOMER, { iat, exp: now + 1500 }) },
    });
    expect(aging.status).toBe(200);
    const renewed = /eosc_session=([^;]+)/.exec(aging.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const data = deps.sealer.open(renewed);
    expect(data?.exp).toBeGreaterThanOrEqual(now + deps.idleSeconds);
    expect(data?.iat).toBe(iat); // renewal extends the idle time, not the original sign-in time
    expect(aging.headers.get('set-cookie')).toContain('Max-Age=3600');
  });

  it('expires when idle: 401 and the cookie cleared (the session check says nobody is signed in)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = { Cookie: cookieFor(CUSTOMER, { iat: now - 7200, exp: now - 1 }) };
    const res = await call('/bff/tickets', { headers: expired });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('unauthenticated');
    expect(res.headers.get('set-cookie')).toMatch(/eosc_session=;.*Max-Age=0/);
    const check = await call('/bff/session', { headers: expired });
    expect(check.status).toBe(200);
    expect(await check.json()).toEqual({ user: null });
    expect(check.headers.get('set-cookie')).toMatch(/eosc_session=;.*Max-Age=0/);
  });

  it('rate-limits sign-in per address across accounts: 429 with Retry-After', async () => {
    server.use(
      http.get(api('/users/me'), () =>
        HttpResponse.json({ error: 'Invalid BasicAuth credentials' }, { status: 401 }),
      ),
    );
    const limited = createApp(deps);
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) {
      const res = await limited.request(`${ORIGIN}/bff/session`, {
        method: 'POST',
        headers: { Origin: ORIGIN, Host: 'localhost', 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: `guess${i}@example.org`, password: 'x' }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await res.json()).code).toBe('rate_limited');
      }
    }
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(statuses[50]).toBe(429);
  });
});

describe('sign-in limits behind a proxy', () => {
  const attempt = (a: ReturnType<typeof createApp>, forwarded: string) =>
    a.request(`${ORIGIN}/bff/session`, {
      method: 'POST',
      headers: {
        Origin: ORIGIN,
        Host: 'localhost',
        'Content-Type': 'application/json',
        'X-Forwarded-For': forwarded,
      },
      body: JSON.stringify({ login: `p${Math.random()}@example.org`, password: 'x' }),
    });

  it('counts per forwarded address only when TRUST_PROXY is set', async () => {
    server.use(
      http.get(api('/users/me'), () =>
        HttpResponse.json({ error: 'Invalid BasicAuth credentials' }, { status: 401 }),
      ),
    );
    const proxied = createApp({ ...deps, trustProxy: true });
    for (let i = 0; i < 50; i++) await attempt(proxied, `203.0.113.9, 198.51.100.${i % 2}`);
    // 198.51.100.0 and .1 have 25 attempts each: neither is limited, another address is not either
    expect((await attempt(proxied, '198.51.100.0')).status).toBe(401);
    expect((await attempt(proxied, '198.51.100.7')).status).toBe(401);

    // Without TRUST_PROXY the header cannot be believed, and the peer is the proxy that every
    // visitor shares: no per-address key at all (one key would lock everyone out), so the
    // per-account limit alone holds.
    const direct = createApp(deps);
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) statuses.push((await attempt(direct, `10.0.0.${i}`)).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
  });
});

describe('CSRF on every state-changing route', () => {
  const routes: [string, string, unknown][] = [
    ['POST', '/bff/tickets', { title: 't', body: 'b' }],
    ['PATCH', '/bff/tickets/7', { title: 't' }],
    ['POST', '/bff/tickets/7/articles', { body: 'b' }],
    ['POST', '/bff/tickets/7/tags', { name: 'x' }],
    ['DELETE', '/bff/tickets/7/tags?name=x', undefined],
    ['DELETE', '/bff/session', undefined],
  ];
  for (const [method, path, body] of routes) {
    it(`${method} ${path}`, async () => {
      server.use(
        http.all(`${UP}/*`, () => HttpResponse.json({ error: 'must not be called' }, { status: 500 })),
      );
      const cookie = cookieFor(CUSTOMER);
      const noHeader = await call(path, { method, body, headers: { Cookie: cookie, 'X-EOSC-CSRF': '0' } });
      expect(noHeader.status).toBe(403);
      expect((await noHeader.json()).code).toBe('csrf_header');
      const foreign = await call(path, {
        method,
        body,
        headers: { Cookie: cookie, Origin: 'https://evil.example' },
      });
      expect(foreign.status).toBe(403);
      expect((await foreign.json()).code).toBe('csrf_origin');
      const noOrigin = await app.request(`${ORIGIN}${path}`, {
        method,
        headers: { Cookie: cookie, 'X-EOSC-CSRF': '1', Host: 'localhost' },
      });
      expect(noOrigin.status).toBe(403);
    });
  }
});

describe('input bounds', () => {
  it('refuses a body over 1 MB with a JSON 413, without calling the upstream', async () => {
    server.use(
      http.all(`${UP}/*`, () => HttpResponse.json({ error: 'must not be called' }, { status: 500 })),
    );
    const res = await call('/bff/tickets', {
      method: 'POST',
      body: { title: 't', body: 'x'.repeat(1_100_000) },
      headers: { Cookie: cookieFor(CUSTOMER) },
    });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe('too_large');
  });

  it('validates query, path and body with zod: a JSON 400', async () => {
    const cookie = cookieFor(CUSTOMER);
    for (const [path, init] of [
      ['/bff/tickets?state=sideways', {}],
      ['/bff/tickets?per_page=1000', {}],
      ['/bff/tickets/abc', {}],
      ['/bff/tickets/7', { method: 'PATCH', body: { owner_id: 'me' } }],
      ['/bff/tickets/7/articles', { method: 'POST', body: { body: '' } }],
    ] as const) {
      const res = await call(path, { ...init, headers: { Cookie: cookie } });
      expect(res.status, path).toBe(400);
      expect((await res.json()).code).toBe('invalid_input');
    }
  });
});
