import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    desk: { url: string; token: string };
  }
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

/**
 * The BFF is tested against the real desk, run as its own process (apps never import each
 * other): a fresh embedded database with the demo seed, and a service token.
 */
export default async function setup(project: TestProject) {
  const repo = resolve(import.meta.dirname, '../../..');
  const dataDir = mkdtempSync(join(tmpdir(), 'bff-test-desk-'));
  const port = await freePort();
  const token = 'bff-test-service-token-0123456789abcdef0123';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/desk/src/server.ts'], {
    cwd: repo,
    env: {
      ...process.env,
      DESK_PORT: String(port),
      DATA_DIR: dataDir,
      SEED: 'demo',
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
  project.provide('desk', { url, token });
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
