import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/*
 * The desk as a separate process for BFF tests (apps never import each other): the demo seed in
 * a fresh embedded database under a temporary DATA_DIR, on a free port, with a service token.
 * `env` adds to (or overrides) that; the returned `stop` ends it and removes its data.
 */

export interface DeskProcess {
  url: string;
  /** Its DATA_DIR (the embedded PostgreSQL server's folder is `pg` in it). */
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

/**
 * The `postgres://` URL of the embedded PostgreSQL server a desk started in `dataDir` (its port
 * from the server's pid file, the password the desk generated beside it): for BFF state in tests.
 */
export function embeddedDatabaseUrl(dataDir: string): string {
  const pgDir = join(dataDir, 'pg');
  const port = Number(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
  const { password } = JSON.parse(readFileSync(`${pgDir}.credentials.json`, 'utf8')) as { password: string };
  return `postgres://eosc:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

export async function spawnDesk(opts: {
  token: string;
  /** Prefix of the temporary data folder's name. */
  name: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<DeskProcess> {
  const repo = resolve(import.meta.dirname, '../../..');
  const dataDir = mkdtempSync(join(tmpdir(), `${opts.name}-`));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/desk/src/server.ts'], {
    cwd: repo,
    env: {
      ...process.env,
      DESK_PORT: String(port),
      DATA_DIR: dataDir,
      SEED: 'demo',
      DESK_SERVICE_TOKEN: opts.token,
      DATABASE_URL: '',
      ...opts.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the desk exited with ${child.exitCode}`);
    const up = await fetch(`${url}/api/v1/users/me`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`the desk did not start within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    child,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
