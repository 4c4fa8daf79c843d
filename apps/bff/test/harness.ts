import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { inject } from 'vitest';
import { createApp } from '../src/app.ts';
import type { BffDeps } from '../src/context.ts';
import { SessionSealer } from '../src/lib/session-cookie.ts';

export const DEMO = {
  admin: { login: 'admin@example.org', password: 'demo-admin-pass' },
  agent: { login: 'agent@example.org', password: 'demo-agent-pass' },
  customer: { login: 'customer@example.org', password: 'demo-customer-pass' },
} as const;

export interface RunningBff {
  url: string;
  deps: BffDeps;
  close(): Promise<void>;
}

/** Serves the BFF over HTTP in front of the test desk (or another upstream URL). */
export async function startBff(overrides: Partial<BffDeps> = {}): Promise<RunningBff> {
  const desk = inject('desk');
  const deps: BffDeps = {
    zammadUrl: desk.url,
    zammadToken: desk.token,
    sealer: new SessionSealer('test-session-secret-0123456789abcdef'),
    idleSeconds: 3600,
    upstreamTimeoutMs: 5000,
    allowedOrigins: [],
    ...overrides,
  };
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    deps,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** A browser-like client: keeps the session cookie, sends Origin and the CSRF header. */
export class Browser {
  cookie = '';
  constructor(readonly base: string) {}

  async request(
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string>; csrf?: boolean } = {},
  ) {
    const headers: Record<string, string> = { Origin: this.base, ...(init.headers ?? {}) };
    if (this.cookie) headers.Cookie = this.cookie;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    if (init.csrf !== false && init.method && init.method !== 'GET') headers['X-EOSC-CSRF'] = '1';
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const pair = c.split(';')[0] ?? '';
      this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON replies.
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, body, setCookie: set };
  }

  signIn(who: { login: string; password: string }) {
    return this.request('/bff/session', { method: 'POST', body: who, csrf: false });
  }
}

/** Calls the desk directly, as an agent or admin, to arrange data a test needs. */
export async function deskAs(login: string, password: string, path: string, init: RequestInit = {}) {
  const desk = inject('desk');
  const res = await fetch(`${desk.url}/api/v1${path}`, {
    ...init,
    headers: {
      Authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`,
      'Content-Type': 'application/json',
      ...(init.headers as Record<string, string>),
    },
  });
  return { status: res.status, body: await res.json() };
}
