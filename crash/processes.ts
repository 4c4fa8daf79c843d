import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const repo = resolve(import.meta.dirname, '..');

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

/** A desk or BFF process, started as `npm start` starts it; stopped by its own pid only. */
export class Proc {
  private child: ChildProcess | undefined;
  log = '';
  constructor(
    readonly file: string,
    readonly env: Record<string, string>,
    readonly readyUrl: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', this.file], {
      cwd: repo,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (d: Buffer) => {
      this.log = (this.log + d.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${this.file} exited ${child.exitCode}:\n${this.log}`);
      const up = await fetch(this.readyUrl, { signal: AbortSignal.timeout(2000) }).then(
        () => true,
        () => false,
      );
      if (up) return;
      if (Date.now() > deadline) throw new Error(`${this.file} did not answer within 120 s:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** SIGKILL: no shutdown hook runs, open transactions and replies are cut where they are. */
  async kill(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The URL of the embedded PostgreSQL server a desk runs in `dataDir` (its port, the password the desk generated). */
export function embeddedDatabaseUrl(dataDir: string): string {
  const pgDir = join(dataDir, 'pg');
  const port = Number(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
  const { password } = JSON.parse(readFileSync(`${pgDir}.credentials.json`, 'utf8')) as { password: string };
  return `postgres://eosc:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** The embedded PostgreSQL server's postmaster under a desk's DATA_DIR, if one runs. */
export function postmasterPid(dataDir: string): number | undefined {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A small deterministic generator (mulberry32), so a failing run can be replayed with its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
