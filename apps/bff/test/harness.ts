import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { inject } from 'vitest';
import { createApp } from '../src/app.ts';
import type { BffDeps, BffServices } from '../src/context.ts';
import { SessionSealer } from '../src/lib/session-cookie.ts';

export const DEMO = {
  admin: { login: 'admin@example.org', password: 'demo-admin-pass' },
  agent: { login: 'agent@example.org', password: 'demo-agent-pass' },
  customer: { login: 'customer@example.org', password: 'demo-customer-pass' },
} as const;

export interface RunningBff {
  url: string;
  deps: BffDeps;
  services: BffServices;
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
    services: app.services,
    close: () =>
      new Promise<void>((ok) => {
        app.services.live.close();
        // Open event streams would otherwise keep close() waiting.
        (server as Server).closeAllConnections();
        server.close(() => ok());
      }),
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

export interface SseEvent {
  event: string;
  data: string;
}

/** Reads a Server-Sent Events stream the way EventSource does (comments kept as event ":"). */
export async function openEvents(b: Browser, path = '/bff/events') {
  const ctrl = new AbortController();
  const res = await fetch(`${b.base}${path}`, {
    headers: { Cookie: b.cookie, Accept: 'text/event-stream' },
    signal: ctrl.signal,
  });
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  const pump = (async () => {
    if (!res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let cut = buf.indexOf('\n\n');
        while (cut >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const ev: SseEvent = { event: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) ev.event = ':';
            else if (line.startsWith('event: ')) ev.event = line.slice(7);
            else if (line.startsWith('data: ')) ev.data += line.slice(6);
          }
          events.push(ev);
          for (const w of waiters.splice(0)) w();
          cut = buf.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    res,
    events,
    /** Settles when the server ends the stream (or close() aborts it). */
    closed: pump,
    /** Waits until an event matching `pred` has arrived (or fails after `ms`). */
    async waitFor(pred: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = events.find(pred);
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`);
        await new Promise<void>((ok) => {
          const t = setTimeout(ok, left);
          waiters.push(() => {
            clearTimeout(t);
            ok();
          });
        });
      }
    },
    async close() {
      ctrl.abort();
      await pump;
    },
  };
}
