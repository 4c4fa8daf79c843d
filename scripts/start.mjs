// `npm start`: from a fresh clone to the running app. Installs what is missing, builds the web
// app, starts the desk (embedded PostgreSQL in DATA_DIR unless DATABASE_URL or ZAMMAD_URL is
// given) and the BFF, and stops both cleanly on Ctrl-C. The BFF keeps its shared state
// (Idempotency-Keys, uploads, presence, counters) in the same PostgreSQL, schema `bff`.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureServerBuilds, serverEntry } from './build-servers.mjs';
import { ensureDependencies, ensureWebBuild, lockStart, log, root, startChild, waitForHttp } from './lib.mjs';

const env = process.env;
const port = env.PORT || '8080';
const deskPort = env.DESK_PORT || '3000';
const dataDir = resolve(root, env.DATA_DIR || '.data');
const external = env.ZAMMAD_URL && env.ZAMMAD_URL.trim() !== '';

// A second `npm start` on the same DATA_DIR would adopt the first one's database server and
// write into the same live database: refused before anything is built or started.
const lock = lockStart(dataDir);
if (lock.holder) {
  console.error(
    `Another \`npm start\` (process ${lock.holder}) is running on DATA_DIR ${dataDir}. Stop it first (Ctrl-C there), or set another DATA_DIR.`,
  );
  process.exit(3);
}

if (env.START_SKIP_INSTALL !== '1') ensureDependencies();
const building = env.START_SKIP_BUILD !== '1';
if (building) {
  ensureWebBuild();
  await ensureServerBuilds();
}
// Without a build step the servers run from their sources (tsx), never from a stale bundle.
const server = (name) => (building ? serverEntry(name) : `apps/${name}/src/server.ts`);

/** Secrets generated on first run and kept in DATA_DIR, so a restart keeps sessions and the token. */
function secrets() {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const s = {
    serviceToken: randomBytes(32).toString('base64url'),
    sessionSecret: randomBytes(48).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return s;
}

const s = secrets();
const children = [];
let stopping = false;

function stop(code) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const deadline = setTimeout(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    process.exit(code);
  }, 5000);
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(
    () => {
      clearTimeout(deadline);
      process.exit(code);
    },
  );
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function watch(child, name) {
  children.push(child);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping everything`);
      stop(code || 1);
    }
  });
}

let zammadUrl = env.ZAMMAD_URL;
let zammadToken = env.ZAMMAD_TOKEN;
if (external) {
  if (!zammadToken) {
    console.error('ZAMMAD_URL is set: set ZAMMAD_TOKEN too (a token with admin.user on that Zammad).');
    process.exit(2);
  }
  log(`using the Zammad at ${zammadUrl}; the embedded desk is not started`);
} else {
  const desk = startChild('desk', server('desk'), {
    DESK_PORT: deskPort,
    DATA_DIR: dataDir,
    DESK_SERVICE_TOKEN: s.serviceToken,
    // Links in sign-up and password-reset mails point at the web app.
    PUBLIC_URL: env.PUBLIC_URL || `http://localhost:${port}`,
    // Mail to the support addresses (support@helpdesk.example.org, one per unit) is received
    // here; MAIL_PORT=off leaves the listener out.
    ...(env.MAIL_PORT === 'off' ? { MAIL_PORT: '' } : { MAIL_PORT: env.MAIL_PORT || '2525' }),
  });
  watch(desk, 'desk');
  zammadUrl = `http://127.0.0.1:${deskPort}`;
  zammadToken = s.serviceToken;
  if (!(await waitForHttp(`${zammadUrl}/api/v1/users/me`, 120_000, () => desk.exitCode === null))) {
    log('the desk did not start');
    stop(1);
  }
}

/**
 * The BFF's database: BFF_DATABASE_URL when given; else the desk's (DATABASE_URL, or the embedded
 * server the desk started in DATA_DIR/pg; the BFF's tables are in their own schema `bff`).
 * Against an external Zammad without either: none, and the BFF keeps its state in memory.
 */
function bffDatabaseUrl() {
  if (env.BFF_DATABASE_URL) return env.BFF_DATABASE_URL;
  if (external) return undefined;
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const pgDir = join(dataDir, 'pg');
  try {
    // The embedded server's port (line 4 of its pid file) and the password the desk generated.
    const pgPort = Number(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
    const { password } = JSON.parse(readFileSync(`${pgDir}.credentials.json`, 'utf8'));
    if (!Number.isInteger(pgPort) || pgPort <= 0) throw new Error(`no port in ${pgDir}/postmaster.pid`);
    return `postgres://eosc:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/postgres`;
  } catch (err) {
    log(
      `the embedded database's address could not be read (${err.message}); the BFF keeps its state in memory`,
    );
    return undefined;
  }
}

if (!stopping) {
  const bffDb = bffDatabaseUrl();
  const bff = startChild('bff', server('bff'), {
    PORT: port,
    ZAMMAD_URL: zammadUrl,
    ZAMMAD_TOKEN: zammadToken,
    SESSION_SECRET: env.SESSION_SECRET || s.sessionSecret,
    WEB_DIST: join(root, 'apps', 'web', 'dist'),
    ...(bffDb
      ? { BFF_DATABASE_URL: bffDb }
      : // Idempotency-Keys survive a restart: a retried submit after a crash writes no duplicate.
        { IDEMPOTENCY_FILE: env.IDEMPOTENCY_FILE || join(dataDir, 'bff-idempotency.jsonl') }),
  });
  watch(bff, 'bff');
  if (await waitForHttp(`http://127.0.0.1:${port}/bff/health`, 60_000, () => bff.exitCode === null)) {
    log(`web app:              http://localhost:${port}/`);
    if (!external) log(`Zammad-compatible API: http://localhost:${deskPort}/api/v1`);
    log('demo sign-in: customer@example.org / demo-customer-pass (see README.md); Ctrl-C stops');
  }
}
