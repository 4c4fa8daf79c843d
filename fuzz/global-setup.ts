import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

export interface FuzzTarget {
  deskUrl: string;
  bffUrl: string;
  deskPid: number;
  /** The desk's service token (the BFF's), acting as the person named in From. */
  serviceToken: string;
  bffPid: number;
  /** People the fuzzer acts as, and the marker texts each must never see. */
  people: Record<'admin' | 'agent' | 'customer', { id: number; login: string; password: string }>;
  markers: { otherCustomer: string; internal: string };
  /** Users the fuzzer may damage (edit, deactivate, delete): never its own identities. */
  victimUserIds: number[];
  ticketIds: number[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    fuzz: FuzzTarget;
  }
}

const repo = resolve(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

function start(file: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Errors the servers log (a 500's stack) are part of the evidence.
  child.stderr?.on('data', (d) => process.stderr.write(`[${file.split('/')[1]}] ${d}`));
  return child;
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within 120 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The fuzzer's targets: a real desk (embedded PostgreSQL, demo seed) and a real BFF in front of
 * it, each its own process, as `npm start` runs them. Seeds what the leak checks look for: a
 * ticket of another customer and an internal note on the demo customer's ticket, each carrying a
 * marker text.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'fuzz-desk-'));
  const [deskPort, bffPort] = [await freePort(), await freePort()];
  const token = 'fuzz-service-token-0123456789abcdef0123456789';
  const desk = start('apps/desk/src/server.ts', {
    DESK_PORT: String(deskPort),
    DATA_DIR: dataDir,
    SEED: 'demo',
    // The reports' year of history adds nothing the fuzzer needs, only start-up time.
    DESK_DEMO_HISTORY: '0',
    DESK_SERVICE_TOKEN: token,
    DATABASE_URL: '',
    SMTP_URL: '',
  });
  const deskUrl = `http://127.0.0.1:${deskPort}`;
  await waitFor(`${deskUrl}/api/v1/users/me`, desk);
  const bff = start('apps/bff/src/server.ts', {
    PORT: String(bffPort),
    HOST: '127.0.0.1',
    ZAMMAD_URL: deskUrl,
    ZAMMAD_TOKEN: token,
    SESSION_SECRET: 'fuzz-session-secret-0123456789abcdef0123',
    WEB_DIST: join(dataDir, 'no-web'),
    SESSION_CHECK_SECONDS: '2',
  });
  const bffUrl = `http://127.0.0.1:${bffPort}`;
  await waitFor(`${bffUrl}/bff/health`, bff);

  const basic = (login: string, password: string) =>
    `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
  const admin = basic('admin@example.org', 'demo-admin-pass');
  const call = async (path: string, auth: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${deskUrl}/api/v1${path}`, {
      method,
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`setup ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const people = {
    admin: { login: 'admin@example.org', password: 'demo-admin-pass', id: 0 },
    agent: { login: 'agent@example.org', password: 'demo-agent-pass', id: 0 },
    customer: { login: 'customer@example.org', password: 'demo-customer-pass', id: 0 },
  };
  for (const p of Object.values(people)) p.id = (await call('/users/me', basic(p.login, p.password))).id;
  const suffix = Math.random().toString(36).slice(2, 10);
  const markers = { otherCustomer: `FUZZSECRETB${suffix}`, internal: `FUZZINTERNAL${suffix}` };
  const org = await call('/organizations', admin, 'POST', { name: `Fuzz Other Org ${suffix}` });
  const other = await call('/users', admin, 'POST', {
    email: `fuzz-other-${suffix}@example.net`,
    firstname: markers.otherCustomer,
    password: 'Fuzz-other-pass-1',
    organization_id: org.id,
    roles: ['Customer'],
  });
  const victims = [];
  for (let i = 0; i < 3; i++)
    victims.push(
      (
        await call('/users', admin, 'POST', {
          email: `fuzz-victim-${i}-${suffix}@example.net`,
          firstname: 'Victim',
        })
      ).id,
    );
  const foreign = await call('/tickets', basic(other.login, 'Fuzz-other-pass-1'), 'POST', {
    title: `${markers.otherCustomer} ticket`,
    group: 'Users',
    article: { body: `${markers.otherCustomer} body`, type: 'web' },
  });
  const own = await call('/tickets', basic(people.customer.login, people.customer.password), 'POST', {
    title: 'Fuzz own ticket',
    group: 'Users',
    article: { body: 'mine', type: 'web' },
  });
  await call('/ticket_articles', admin, 'POST', {
    ticket_id: own.id,
    body: `${markers.internal} note`,
    internal: true,
    type: 'note',
  });

  project.provide('fuzz', {
    deskUrl,
    bffUrl,
    deskPid: desk.pid as number,
    serviceToken: token,
    bffPid: bff.pid as number,
    people,
    markers,
    victimUserIds: [...victims, other.id],
    ticketIds: [own.id, foreign.id],
  });
  return async () => {
    for (const c of [bff, desk]) {
      if (c.exitCode !== null) continue;
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}
