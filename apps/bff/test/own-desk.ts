import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/*
 * A desk of one test file's own, as a separate process (apps never import each other): its own
 * embedded database with the demo seed but without the demo history, and a clock the test moves
 * (DESK_TEST_CLOCK=1). For tests that compare figures over the whole helpdesk, which other files
 * writing to the shared desk would disturb.
 */

export interface OwnDesk {
  url: string;
  token: string;
  /** Calls the desk's API with the service token, acting for `as` (login) when given. */
  call(method: string, path: string, body?: unknown, as?: string): Promise<{ status: number; body: any }>;
  /** Sets the desk's clock (it then stands still there). */
  at(iso: string): Promise<void>;
  close(): Promise<void>;
}

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

export async function startOwnDesk(opts: { demoHistory?: boolean } = {}): Promise<OwnDesk> {
  const repo = resolve(import.meta.dirname, '../../..');
  const dataDir = mkdtempSync(join(tmpdir(), 'bff-own-desk-'));
  const port = await freePort();
  const token = 'bff-own-desk-service-token-0123456789abcdef';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/desk/src/server.ts'], {
    cwd: repo,
    env: {
      ...process.env,
      DESK_PORT: String(port),
      DATA_DIR: dataDir,
      SEED: 'demo',
      // With the demo history (about 4,000 tickets over 400 days up to now), the clock is the system's.
      DESK_DEMO_HISTORY: opts.demoHistory ? '1' : '0',
      DESK_TEST_CLOCK: opts.demoHistory ? '0' : '1',
      // The worker runs due jobs when the test moves the clock, not on its own schedule.
      DESK_WORKER_POLL_MS: '600000',
      DESK_SERVICE_TOKEN: token,
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the desk exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/v1/users/me`).then(
      () => true,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the desk did not start within 120 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const call: OwnDesk['call'] = async (method, path, body, as) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Token token=${token}`,
        'Content-Type': 'application/json',
        ...(as ? { From: as } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed };
  };
  return {
    url,
    token,
    call,
    async at(iso) {
      const res = await call('PUT', '/eosc_test_clock', { now: iso }, 'admin@example.org');
      if (res.status !== 200) throw new Error(`clock: ${res.status} ${JSON.stringify(res.body)}`);
    },
    async close() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
