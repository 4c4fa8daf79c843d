import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../src/db/data-dir-lock.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'desk-lock-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const c of children)
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the DATA_DIR lock', () => {
  it('refuses a second holder while the first lives, and takes over a dead one’s', () => {
    const dir = tempDir();
    const release = lockDataDir(dir, 'x.lock');
    // This process holds it; a holder that is another live process refuses (pid 1 always lives).
    writeFileSync(join(dir, 'y.lock'), '1');
    expect(() => lockDataDir(dir, 'y.lock')).toThrow(DataDirLockedError);
    // A lock whose process is gone (a killed desk) is taken over.
    writeFileSync(join(dir, 'z.lock'), '999999999');
    expect(() => lockDataDir(dir, 'z.lock')()).not.toThrow();
    release();
    expect(() => lockDataDir(dir, 'x.lock')()).not.toThrow();
  });

  it('a second desk on the same DATA_DIR exits with a clear message instead of sharing the database', async () => {
    const dir = tempDir();
    const repo = resolve(import.meta.dirname, '../../..');
    const port = async () =>
      new Promise<number>((ok) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as { port: number }).port;
          s.close(() => ok(p));
        });
      });
    const start = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'apps/desk/src/server.ts'], {
        cwd: repo,
        env: {
          ...process.env,
          DESK_PORT: String(await port()),
          DATA_DIR: dir,
          SEED: 'none',
          DATABASE_URL: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let out = '';
      child.stdout?.on('data', (d) => {
        out += d;
      });
      child.stderr?.on('data', (d) => {
        out += d;
      });
      return { child, output: () => out };
    };
    const first = await start();
    const deadline = Date.now() + 90_000;
    while (!first.output().includes('Zammad-compatible API on') && Date.now() < deadline) {
      expect(first.child.exitCode).toBeNull();
      await new Promise((r) => setTimeout(r, 200));
    }
    const second = await start();
    const code = await new Promise<number | null>((ok) => second.child.once('exit', (c) => ok(c)));
    expect(code).toBe(3);
    expect(second.output()).toMatch(/Another desk \(process \d+\) is running on DATA_DIR/);
    expect(first.child.exitCode).toBeNull();
  }, 120_000);

  it('a second `npm start` on the same DATA_DIR is refused before it builds or starts anything', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'start.lock'), '1'); // held by a live process
    const repo = resolve(import.meta.dirname, '../../..');
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: repo,
      env: { ...process.env, DATA_DIR: dir, START_SKIP_INSTALL: '1', START_SKIP_BUILD: '1', ZAMMAD_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stderr?.on('data', (d) => {
      out += d;
    });
    const code = await new Promise<number | null>((ok) => child.once('exit', (c) => ok(c)));
    expect(code).toBe(3);
    expect(out).toMatch(/Another `npm start` \(process 1\) is running on DATA_DIR/);
  });
});
