// Helpers shared by scripts/start.mjs and scripts/test.mjs. Node built-ins only: these run
// before `npm ci` on a fresh clone.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');

export function log(msg) {
  console.info(`\x1b[1m[eosc]\x1b[0m ${msg}`);
}

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  return res.status ?? 1;
}

/** Installs dependencies with `npm ci` when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies (npm ci)…');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) throw new Error('npm ci failed');
}

/** The newest modification time under a path (a file's own; a folder's newest file's). */
export function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newestMtime(join(path, entry)));
  return max;
}

/** Builds the SPA unless its build is newer than every source file. */
export function ensureWebBuild(force = false) {
  const web = join(root, 'apps', 'web');
  const built = join(web, 'dist', 'index.html');
  const sources = Math.max(
    newestMtime(join(web, 'src')),
    newestMtime(join(web, 'index.html')),
    newestMtime(join(web, 'public')),
    newestMtime(join(web, 'vite.config.ts')),
  );
  if (!force && existsSync(built) && statSync(built).mtimeMs > sources) return;
  log('building the web app…');
  if (run('npm', ['run', 'build', '-w', '@eosc/web']) !== 0) throw new Error('web build failed');
}

/** Starts a long-running child with its output prefixed. */
/** Starts a server: a bundle (.mjs) with plain node, a TypeScript source with tsx. */
export function startChild(name, file, env) {
  const args = file.endsWith('.ts') ? ['--import', 'tsx', file] : [file];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (stream, out) => {
    let buf = '';
    stream.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) out.write(`${name} | ${l}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  return child;
}

export async function waitForHttp(url, timeoutMs, alive = () => true) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (!alive()) return false;
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return false;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * One `npm start` per DATA_DIR: `DATA_DIR/start.lock` holds the pid of the running one; a lock
 * whose process is gone is taken over. Returns the release function, or null when another live
 * start holds it (its pid in `holder`). The desk keeps its own lock too (apps/desk/src/db/data-dir-lock.ts).
 */
export function lockStart(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'start.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {}
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let pid = Number.NaN;
    try {
      pid = Number(readFileSync(file, 'utf8').trim());
    } catch {
      continue;
    }
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return { holder: pid };
    try {
      unlinkSync(file);
    } catch {}
  }
  throw new Error(`could not take ${file}`);
}
