import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeskProcess, embeddedDatabaseUrl, freePort, spawnDesk } from './desk-process.ts';
import { Browser, DEMO, openEvents } from './harness.ts';

/*
 * Past one machine: two desk processes on one PostgreSQL and two BFF processes sharing their
 * state in it (BFF_DATABASE_URL), all real processes over HTTP, as behind a load balancer without
 * sticky sessions. BFF 1 talks to desk 1, BFF 2 to desk 2. Live updates poll only every 60 s
 * here, so a change that shows within seconds came through LISTEN/NOTIFY.
 */

const repo = resolve(import.meta.dirname, '../../..');
const token = 'bff-scale-service-token-0123456789abcdef0123';
const sessionSecret = 'scale-out-session-secret-0123456789abcdef';

class BffProcess {
  child: ChildProcess | undefined;
  url: string;
  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/bff/src/server.ts'], {
      cwd: repo,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        ZAMMAD_TOKEN: token,
        SESSION_SECRET: sessionSecret,
        WEB_DIST: join(repo, 'no-such-web-dist'),
        LIVE_POLL_SECONDS: '60',
        IDEMPOTENCY_FILE: '',
        ...this.env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.child = child;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the BFF exited with ${child.exitCode}`);
      const up = await fetch(`${this.url}/bff/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (up) return;
      if (Date.now() > deadline) throw new Error('the BFF did not start within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

let desk1: DeskProcess;
let desk2: DeskProcess | undefined;
let bff1: BffProcess;
let bff2: BffProcess;
let db: pg.Client;

beforeAll(async () => {
  // Without the demo's year of report history: not needed here, and seconds faster.
  desk1 = await spawnDesk({ token, name: 'bff-scale-desk1', env: { DESK_DEMO_HISTORY: '0' } });
  const databaseUrl = embeddedDatabaseUrl(desk1.dataDir);
  desk2 = await spawnDesk({
    token,
    name: 'bff-scale-desk2',
    env: { DATABASE_URL: databaseUrl, DESK_DEMO_HISTORY: '0' },
  });
  const [p1, p2] = [await freePort(), await freePort()];
  const shared = { BFF_DATABASE_URL: databaseUrl, HELPDESK_ID: 'scale-out-test', TRUST_PROXY: 'true' };
  bff1 = new BffProcess(p1, { ...shared, ZAMMAD_URL: desk1.url });
  bff2 = new BffProcess(p2, { ...shared, ZAMMAD_URL: desk2.url });
  await Promise.all([bff1.start(), bff2.start()]);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
}, 180_000);

afterAll(async () => {
  await db?.end();
  await Promise.all([bff1?.stop(), bff2?.stop()]);
  await desk2?.stop();
  await desk1?.stop();
});

/** Signed in through `first`; the same session (cookie) used on `other`, as a load balancer would. */
async function person(who: { login: string; password: string }) {
  const on1 = new Browser(bff1.url);
  expect((await on1.signIn(who)).status).toBe(200);
  const on2 = new Browser(bff2.url);
  on2.cookie = on1.cookie;
  return { on1, on2 };
}

async function ticketsTitled(title: string): Promise<number> {
  const r = await db.query<{ n: string }>('SELECT count(*) AS n FROM tickets WHERE title = $1', [title]);
  return Number(r.rows[0]?.n);
}

async function upload(b: Browser, name: string, data: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type: 'application/octet-stream' }), name);
  const res = await fetch(`${b.base}/bff/uploads`, {
    method: 'POST',
    headers: { Origin: b.base, Cookie: b.cookie, 'X-EOSC-CSRF': '1' },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as { id: string; size: number } };
}

const tag = () => randomBytes(4).toString('hex');

describe('two desks and two BFFs on one PostgreSQL', () => {
  let customer: Awaited<ReturnType<typeof person>>;
  let ticketId: number;
  const createKey = `scale-create-${tag()}`;
  const createTitle = `Scale-out ${tag()}`;
  let pendingUpload: { id: string; data: Buffer };

  beforeAll(async () => {
    customer = await person(DEMO.customer);
  });

  it('deduplicates a retry that lands on the other BFF, and two at once', async () => {
    const body = { title: createTitle, body: 'first try' };
    const headers = { 'Idempotency-Key': createKey };
    const first = await customer.on1.request('/bff/tickets', { method: 'POST', body, headers });
    expect(first.status).toBe(201);
    ticketId = first.body.id;
    const retry = await customer.on2.request('/bff/tickets', { method: 'POST', body, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await ticketsTitled(createTitle)).toBe(1);

    // The same key with another body is a client bug, on either process.
    const other = await customer.on2.request('/bff/tickets', {
      method: 'POST',
      body: { ...body, body: 'changed' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');

    const title = `Scale-out at once ${tag()}`;
    const both = { 'Idempotency-Key': `scale-race-${tag()}` };
    const [a, b] = await Promise.all([
      customer.on1.request('/bff/tickets', { method: 'POST', body: { title, body: 'x' }, headers: both }),
      customer.on2.request('/bff/tickets', { method: 'POST', body: { title, body: 'x' }, headers: both }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(await ticketsTitled(title)).toBe(1);
  });

  it('attaches through BFF 2 a file uploaded through BFF 1', async () => {
    const data = randomBytes(50_000);
    const up = await upload(customer.on1, 'trace.bin', data);
    expect(up.status).toBe(201);
    expect((await customer.on2.request('/bff/uploads')).body.items).toMatchObject([{ id: up.body.id }]);
    const reply = await customer.on2.request(`/bff/tickets/${ticketId}/articles`, {
      method: 'POST',
      body: { body: 'the trace', attachments: [up.body.id] },
    });
    expect(reply.status).toBe(201);
    expect((await customer.on1.request('/bff/uploads')).body.items).toEqual([]);

    const detail = await customer.on1.request(`/bff/tickets/${ticketId}`);
    const article = detail.body.articles.find((a: { body: string }) => a.body === 'the trace');
    expect(article.attachments).toMatchObject([{ filename: 'trace.bin', size: 50_000 }]);
    const res = await fetch(
      `${bff2.url}/bff/tickets/${ticketId}/attachments/${article.id}/${article.attachments[0].id}`,
      { headers: { Cookie: customer.on2.cookie } },
    );
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);

    // Kept for the restart below.
    const later = randomBytes(2_000);
    const kept = await upload(customer.on2, 'later.bin', later);
    expect(kept.status).toBe(201);
    pendingUpload = { id: kept.body.id, data: later };
  });

  it('shows presence set through BFF 1 to an agent watching through BFF 2', async () => {
    const agent = await person(DEMO.agent);
    const admin = await person(DEMO.admin);
    const watch = await openEvents(admin.on2, `/bff/agent/tickets/${ticketId}/presence/events`);
    try {
      await watch.waitFor((e) => e.event === 'presence');
      const set = await agent.on1.request(`/bff/agent/tickets/${ticketId}/presence`, {
        method: 'POST',
        body: { state: 'typing', client: 'tab1' },
      });
      expect(set.status).toBe(200);
      const seen = await watch.waitFor(
        (e) =>
          e.event === 'presence' &&
          JSON.parse(e.data).viewers.some((v: { state: string }) => v.state === 'typing'),
        3000,
      );
      expect(JSON.parse(seen.data).viewers).toMatchObject([{ name: expect.any(String), state: 'typing' }]);
      // A heartbeat through BFF 2 lists the agent too.
      const mine = await admin.on2.request(`/bff/agent/tickets/${ticketId}/presence`, {
        method: 'POST',
        body: { state: 'viewing', client: 'tab9' },
      });
      expect(mine.body.viewers).toMatchObject([{ state: 'typing' }]);
      await agent.on2.request(`/bff/agent/tickets/${ticketId}/presence`, {
        method: 'POST',
        body: { state: 'left', client: 'tab1' },
      });
      await watch.waitFor((e) => e.event === 'presence' && JSON.parse(e.data).viewers.length === 0, 3000);
    } finally {
      await watch.close();
    }
  });

  it('tells streams on BFF 2 at once about changes made through BFF 1 (polling every 60 s)', async () => {
    const agent = await person(DEMO.agent);
    const s = await openEvents(customer.on2);
    const queue = await openEvents(agent.on2);
    try {
      await s.waitFor((e) => e.event === 'ready');
      await queue.waitFor((e) => e.event === 'ready');
      await new Promise((r) => setTimeout(r, 1000)); // the first poll sets the baseline
      const started = Date.now();
      const changed = await agent.on1.request(`/bff/tickets/${ticketId}`, {
        method: 'PATCH',
        body: { priority_id: 3 },
      });
      expect(changed.status).toBe(200);
      const e = await s.waitFor((ev) => ev.event === 'tickets', 5000);
      expect(JSON.parse(e.data).ids).toContain(ticketId);
      expect(Date.now() - started).toBeLessThan(5000);

      // A new ticket: the agent's queue hears of it at once.
      const fresh = await customer.on1.request('/bff/tickets', {
        method: 'POST',
        body: { title: `Scale-out new ${tag()}`, body: 'x' },
      });
      expect(fresh.status).toBe(201);
      await queue.waitFor(
        (ev) => ev.event === 'tickets' && JSON.parse(ev.data).ids.includes(fresh.body.id),
        5000,
      );
    } finally {
      await s.close();
      await queue.close();
    }
  });

  it('counts sign-in attempts across both BFFs', async () => {
    // Behind the proxy (TRUST_PROXY) the address is the one it adds; 50 attempts per address in
    // 15 minutes. Spread over six unknown logins, so the desk's own per-login limit never answers.
    const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const attempt = (i: number) =>
      new Browser(i % 2 === 0 ? bff1.url : bff2.url).request('/bff/session', {
        method: 'POST',
        body: { login: `nobody-${i % 6}-${tag()}@example.net`, password: 'wrong-password' },
        headers: { 'X-Forwarded-For': address },
        csrf: false,
      });
    // Five at a time: checking and counting are one step, so parallel attempts count right.
    for (let i = 0; i < 50; i += 5) {
      const batch = await Promise.all([0, 1, 2, 3, 4].map((j) => attempt(i + j)));
      expect(batch.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    }
    const refused = await attempt(50);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The other process refuses too.
    expect((await attempt(51)).status).toBe(429);
  });

  it('keeps uploads and Idempotency-Keys over a restart of a BFF', async () => {
    await bff2.stop();
    await bff2.start();
    const listed = await customer.on2.request('/bff/uploads');
    expect(listed.body.items).toMatchObject([{ id: pendingUpload.id, filename: 'later.bin' }]);
    const retry = await customer.on2.request('/bff/tickets', {
      method: 'POST',
      body: { title: createTitle, body: 'first try' },
      headers: { 'Idempotency-Key': createKey },
    });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(ticketId);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await ticketsTitled(createTitle)).toBe(1);

    const reply = await customer.on1.request(`/bff/tickets/${ticketId}/articles`, {
      method: 'POST',
      body: { body: 'after the restart', attachments: [pendingUpload.id] },
    });
    expect(reply.status).toBe(201);
    const detail = await customer.on2.request(`/bff/tickets/${ticketId}`);
    const article = detail.body.articles.find((a: { body: string }) => a.body === 'after the restart');
    expect(article.attachments).toMatchObject([{ filename: 'later.bin', size: pendingUpload.data.length }]);
  });
});
