import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import type { BffDeps } from '../src/context.ts';
import { SessionSealer } from '../src/lib/session-cookie.ts';

/*
 * The reports routes in front of a fake helpdesk (MSW): what the BFF checks itself (sign-in,
 * input), what it passes on (the helpdesk's 403 and 422, its figures), CSV, and the session's
 * `reports`. The same routes against the real desk: reports-desk.test.ts.
 */

const UP = 'http://zammad.test';
const api = (path: string) => `${UP}/api/v1${path}`;
const ORIGIN = 'http://localhost';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const deps: BffDeps = {
  zammadUrl: UP,
  zammadToken: 'service-token',
  sealer: new SessionSealer('reports-test-secret-0123456789abcdefgh'),
  idleSeconds: 3600,
  upstreamTimeoutMs: 1000,
  allowedOrigins: [],
};
const app = createApp(deps);

const MANAGER = { uid: 9, login: 'manager@example.org' };

function cookieFor(who: { uid: number; login: string }, extra: { rep?: 'all' | 'units' | null } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return `eosc_session=${deps.sealer.seal({
    uid: who.uid,
    login: who.login,
    firstname: 'Mia',
    lastname: 'Manager',
    email: who.login,
    roles: ['Reporting'],
    is_agent: false,
    is_admin: false,
    iat: now,
    exp: now + deps.idleSeconds,
    ...extra,
  })}`;
}

function get(path: string, cookie?: string) {
  return app.request(`${ORIGIN}${path}`, {
    headers: { Origin: ORIGIN, Host: 'localhost', ...(cookie ? { Cookie: cookie } : {}) },
  });
}

// The session check asks the helpdesk whether the person is still active.
const alive = http.get(api('/users/:id/sessions'), ({ params }) =>
  HttpResponse.json({
    user_id: Number(params.id),
    active: true,
    session_epoch: 0,
    sessions_revoked_at: null,
  }),
);

const FIGURES = {
  volume: { buckets: [{ date: '2026-11-01', created: 4, closed: 2 }] },
  backlog: {
    buckets: [{ date: '2026-11-01', open: 7 }],
    age: { lt_1d: 1, d1_7: 2, d7_30: 3, gt_30d: 1 },
  },
  times: {
    first_response: { count: 3, median: 45, p90: 120 },
    resolution: { count: 2, median: null, p90: null },
    trend: [{ date: '2026-11-01', first_response_median: 45, resolution_median: null }],
  },
  sla: {
    units: [
      { group_id: 4, name: 'EUDAT, "Support"', qos_level: 'advanced', met: 5, breached: 1, running: 2 },
    ],
    priorities: [{ priority_id: 3, name: '3 high', met: 2, breached: 1, running: 0 }],
  },
  reopen: { closed: 10, reopened: 1, rate: 0.1 },
  services: { services: [{ service: 'egi-check-in', created: 3 }] },
  workload: { agents: [{ user_id: 2, name: '=Agent Smith', assigned: 3, answered: 2, closed: 1 }] },
} as const;

/** A desk serving every panel, recording what it was asked. */
function desk(asked: { path: string; query: URLSearchParams; from: string | null }[] = []) {
  return http.get(api('/eosc_reports/:panel'), ({ request, params }) => {
    const url = new URL(request.url);
    asked.push({ path: url.pathname, query: url.searchParams, from: request.headers.get('from') });
    if (params.panel === 'scope') return HttpResponse.json({ scope: 'all', group_ids: [1, 4] });
    const body = FIGURES[params.panel as keyof typeof FIGURES];
    return body ? HttpResponse.json(body) : HttpResponse.json({ error: 'No such report' }, { status: 404 });
  });
}

describe('reports: who may ask', () => {
  it('401 without a session, before asking the helpdesk', async () => {
    for (const path of [
      '/bff/reports/scope',
      '/bff/reports/volume?from=2026-11-01&to=2026-11-30',
      '/bff/reports/volume.csv?from=2026-11-01&to=2026-11-30',
      '/bff/reports/monthly.csv?month=2026-11',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'unauthenticated' });
    }
  });

  it("passes the helpdesk's 403 on as the BFF's error JSON (agents, customers, other units)", async () => {
    server.use(
      alive,
      http.get(api('/eosc_reports/:panel'), () =>
        HttpResponse.json({ error: 'Not authorized (report)' }, { status: 403 }),
      ),
    );
    for (const path of [
      '/bff/reports/scope',
      '/bff/reports/sla?from=2026-11-01&to=2026-11-30&group_ids=4',
      '/bff/reports/sla.csv?from=2026-11-01&to=2026-11-30',
      '/bff/reports/monthly.csv?month=2026-11',
    ]) {
      const res = await get(path, cookieFor(MANAGER));
      expect(res.status, path).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toMatchObject({
        code: 'forbidden',
        error: 'Not authorized (report)',
        request_id: expect.any(String),
      });
    }
  });
});

describe('reports: input', () => {
  it('422 for a bad period or filter, without asking the helpdesk', async () => {
    server.use(alive);
    for (const query of [
      '',
      'from=2026-11-01',
      'from=2026-11-31&to=2026-12-01',
      'from=2026-11-30&to=2026-11-01',
      'from=2024-01-01&to=2026-01-01',
      'from=2026-11-01&to=2026-11-30&group_ids=1,x',
      'from=2026-11-01&to=2026-11-30&priority_ids=0',
      'from=2026-11-01&to=2026-11-30&type=question',
      'from=2026-11-01&to=2026-11-30&interval=month',
      'from=2026-11-01&to=2026-11-30&service=Not%20A%20Slug',
    ]) {
      const res = await get(`/bff/reports/volume?${query}`, cookieFor(MANAGER));
      expect(res.status, query).toBe(422);
      expect(await res.json()).toMatchObject({ code: 'invalid_input', error: expect.any(String) });
    }
    for (const query of ['', 'month=2026-13', 'month=2026-11&interval=year'])
      expect((await get(`/bff/reports/monthly.csv?${query}`, cookieFor(MANAGER))).status, query).toBe(422);
  });

  it("passes the helpdesk's own 422 on", async () => {
    server.use(
      alive,
      http.get(api('/eosc_reports/:panel'), () =>
        HttpResponse.json({ error: 'Unknown channel' }, { status: 422 }),
      ),
    );
    const res = await get(
      '/bff/reports/volume?from=2026-11-01&to=2026-11-30&channel=pigeon',
      cookieFor(MANAGER),
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'invalid', error: 'Unknown channel' });
  });
});

describe('reports: figures', () => {
  it('asks the helpdesk for the person, with only the filters given, and answers its figures', async () => {
    const asked: { path: string; query: URLSearchParams; from: string | null }[] = [];
    server.use(alive, desk(asked));
    const res = await get(
      '/bff/reports/sla?from=2026-11-01&to=2026-11-30&group_ids=1,4&priority_ids=3&type=incident&service=egi-check-in&interval=week',
      cookieFor(MANAGER),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(FIGURES.sla);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.path).toBe('/api/v1/eosc_reports/sla');
    expect(asked[0]?.from).toBe('9');
    expect(Object.fromEntries(asked[0]?.query ?? [])).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      group_ids: '1,4',
      priority_ids: '3',
      type: 'incident',
      service: 'egi-check-in',
      interval: 'week',
    });
  });

  it('answers every panel, and the scope', async () => {
    server.use(alive, desk());
    for (const [panel, figures] of Object.entries(FIGURES)) {
      const res = await get(`/bff/reports/${panel}?from=2026-11-01&to=2026-11-07`, cookieFor(MANAGER));
      expect(res.status, panel).toBe(200);
      expect(await res.json()).toEqual(figures);
    }
    const scope = await get('/bff/reports/scope', cookieFor(MANAGER));
    expect(await scope.json()).toEqual({ scope: 'all', group_ids: [1, 4] });
  });

  it('502 upstream_malformed for figures off the agreed shape', async () => {
    server.use(
      alive,
      http.get(api('/eosc_reports/volume'), () => HttpResponse.json({ buckets: [{ date: 'yesterday' }] })),
    );
    const res = await get('/bff/reports/volume?from=2026-11-01&to=2026-11-30', cookieFor(MANAGER));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ code: 'upstream_malformed' });
  });
});

describe('reports: CSV', () => {
  it('one panel: UTF-8 with BOM, a header row, ISO dates, defused formulas, a file name', async () => {
    server.use(alive, desk());
    const res = await get('/bff/reports/workload.csv?from=2026-11-01&to=2026-11-30', cookieFor(MANAGER));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="eosc-helpdesk-workload-2026-11-01-to-2026-11-30.csv"',
    );
    const bytes = new Uint8Array(await res.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    expect(text.split('\r\n')).toEqual([
      'panel,item,metric,value',
      "workload,'=Agent Smith,assigned,3",
      "workload,'=Agent Smith,answered,2",
      "workload,'=Agent Smith,closed,1",
      '',
    ]);

    const volume = await get('/bff/reports/volume.csv?from=2026-11-01&to=2026-11-30', cookieFor(MANAGER));
    expect(await volume.text()).toContain('volume,2026-11-01,created,4\r\nvolume,2026-11-01,closed,2');
  });

  it('the month: every panel for its first to last day, in one file', async () => {
    const asked: { path: string; query: URLSearchParams; from: string | null }[] = [];
    server.use(alive, desk(asked));
    const res = await get('/bff/reports/monthly.csv?month=2026-02&group_ids=4', cookieFor(MANAGER));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('eosc-helpdesk-report-2026-02.csv');
    expect(asked.map((a) => a.path.split('/').pop()).sort()).toEqual(
      ['backlog', 'reopen', 'services', 'sla', 'times', 'volume', 'workload'].sort(),
    );
    for (const a of asked)
      expect(Object.fromEntries(a.query)).toEqual({
        from: '2026-02-01',
        to: '2026-02-28',
        group_ids: '4',
        interval: 'day',
      });
    const text = await res.text();
    for (const line of [
      'volume,2026-11-01,created,4',
      'backlog,age_gt_30d,open,1',
      'times,first_response,median_minutes,45',
      'times,resolution,median_minutes,',
      'sla,"unit: EUDAT, ""Support""",qos_level,advanced',
      'sla,priority: 3 high,breached,1',
      'reopen,all,rate,0.1',
      'services,egi-check-in,created,3',
    ])
      expect(text).toContain(`${line}\r\n`);
  });
});

describe('reports: the session says who sees them', () => {
  const me = http.get(api('/users/me'), () =>
    HttpResponse.json({
      id: 9,
      login: 'manager@example.org',
      firstname: 'Mia',
      lastname: 'Manager',
      email: 'manager@example.org',
      active: true,
      roles: ['Reporting'],
    }),
  );
  const signIn = () =>
    app.request(`${ORIGIN}/bff/session`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Host: 'localhost', 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'manager@example.org', password: 'pw' }),
    });

  it('at sign-in: the scope the helpdesk gives, null when it refuses or has no reports', async () => {
    for (const [reply, expected] of [
      [HttpResponse.json({ scope: 'units', group_ids: [4] }), 'units'],
      [HttpResponse.json({ scope: 'all', group_ids: [] }), 'all'],
      [HttpResponse.json({ error: 'Not authorized' }, { status: 403 }), null],
      [HttpResponse.json({ error: 'No route' }, { status: 404 }), null],
    ] as const) {
      server.use(
        me,
        alive,
        http.get(api('/eosc_reports/scope'), () => reply.clone()),
      );
      const res = await signIn();
      expect(res.status, await res.clone().text()).toBe(200);
      expect((await res.json()).user.reports).toBe(expected);
      const cookie = /eosc_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
      const check = await get('/bff/session', cookie);
      expect((await check.json()).user.reports).toBe(expected);
      server.resetHandlers();
    }
  });

  it('asks again later when the helpdesk could not say at sign-in', async () => {
    server.use(
      me,
      alive,
      http.get(api('/eosc_reports/scope'), () => HttpResponse.error()),
    );
    const res = await signIn();
    expect((await res.json()).user.reports).toBeNull();
    const cookie = /eosc_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';

    server.use(
      http.get(api('/eosc_reports/scope'), () => HttpResponse.json({ scope: 'all', group_ids: [] })),
    );
    const check = await get('/bff/session', cookie);
    expect((await check.json()).user.reports).toBe('all');
    // Remembered in the renewed cookie: no more asking.
    const renewed = /eosc_session=([^;]+)/.exec(check.headers.get('set-cookie') ?? '')?.[1] ?? '';
    expect(deps.sealer.open(renewed)?.rep).toBe('all');
  });
});
