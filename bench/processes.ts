// Child processes of the benchmark: started with tsx, stopped by their own pid only.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Child {
  proc: ChildProcess;
  /** Everything the child printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <file> ...args` and resolves once a line of its output matches
 * `ready` (the match is returned too). The desk and the BFF run as `npm start` runs them: their
 * bundles (apps/<name>/dist/server.mjs, brought up to date by scripts/bench.mjs) with plain
 * node, so their memory is what a user's is; from source when no bundle was built.
 */
export function startTsx(
  file: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 120_000,
): Promise<{ child: Child; match: RegExpMatchArray }> {
  const server = /^apps\/(desk|bff)\/src\/server\.ts$/.test(file)
    ? join(root, file.replace('/src/server.ts', '/dist/server.mjs'))
    : undefined;
  const argv = server && existsSync(server) ? [server, ...args] : ['--import', 'tsx', file, ...args];
  const proc = spawn(process.execPath, argv, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const child: Child = {
    proc,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void child.stop();
      reject(new Error(`${file} did not start within ${timeoutMs / 1000} s:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        proc.stdout?.off('data', onData);
        // Keep draining, so a chatty child never blocks on a full pipe.
        proc.stdout?.on('data', (more: Buffer) => {
          out = (out + more.toString()).slice(-20_000);
        });
        resolve({ child, match: m });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (d: Buffer) => {
      out = (out + d.toString()).slice(-20_000);
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited (${code}) before it was ready:\n${out}`));
    });
  });
}
