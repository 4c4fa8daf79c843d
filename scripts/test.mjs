// `npm test`: from a fresh clone, every check. Installs what is missing (as root: Debian's
// Chromium and PostgreSQL), starts PostgreSQL for the desk's second test leg, then runs
// generated-file freshness, type checks, lint, unit and integration tests (Vitest, on PGlite
// and on PostgreSQL), the web build and the browser journeys (Playwright, Chromium).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, log, root, run } from './lib.mjs';

const isRoot = process.getuid?.() === 0;
const sh = (cmd) => spawnSync('sh', ['-c', cmd], { stdio: 'inherit', cwd: root }).status ?? 1;
const quiet = (cmd) => spawnSync('sh', ['-c', cmd], { cwd: root, encoding: 'utf8' });

function ensureSystemPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!existsSync('/usr/lib/postgresql')) missing.push('postgresql');
  if (missing.length === 0) return;
  if (!isRoot) {
    log(`missing system packages (${missing.join(', ')}); not root, so not installing them`);
    return;
  }
  log(`installing ${missing.join(', ')} from Debian…`);
  if (
    sh(
      `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')} >/dev/null`,
    ) !== 0
  ) {
    throw new Error(`apt-get install ${missing.join(' ')} failed`);
  }
}

/** Starts Debian's PostgreSQL and makes a login role for the tests; returns a URL or undefined. */
function ensurePostgres() {
  if (process.env.DESK_TEST_PG_URL) return process.env.DESK_TEST_PG_URL;
  if (!existsSync('/usr/lib/postgresql') || !isRoot) return undefined;
  const version = readdirSync('/usr/lib/postgresql').sort().pop();
  const clusters = quiet('pg_lsclusters -h').stdout ?? '';
  if (!clusters.includes(`${version} main`)) sh(`pg_createcluster ${version} main >/dev/null`);
  sh(`pg_ctlcluster ${version} main start 2>/dev/null || true`);
  const port =
    (quiet(`pg_lsclusters -h | awk '$1=="${version}" && $2=="main" {print $3}'`).stdout ?? '').trim() ||
    '5432';
  const sql =
    "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='eosc_test') THEN CREATE ROLE eosc_test LOGIN SUPERUSER PASSWORD 'eosc_test'; END IF; END$$;";
  for (let i = 0; i < 30; i++) {
    const res = spawnSync('su', ['postgres', '-c', `psql -p ${port} -v ON_ERROR_STOP=1 -q`], {
      input: sql,
      encoding: 'utf8',
    });
    if (res.status === 0) return `postgres://eosc_test:eosc_test@127.0.0.1:${port}/postgres`;
    spawnSync('sleep', ['1']);
  }
  log('PostgreSQL did not come up');
  return undefined;
}

/** Regenerates the generated files and fails when that changed them (they were stale). */
function generatedFilesFresh() {
  const files = [
    'packages/zammad-api/src/schema.gen.ts',
    'apps/bff/openapi.json',
    'apps/web/src/lib/bff-schema.gen.ts',
    // The web app's import fences, one per folder under src/features (apps/web/scripts/lint-fences.mjs).
    'apps/web/biome.jsonc',
  ];
  const before = files.map((f) => (existsSync(join(root, f)) ? readFileSync(join(root, f), 'utf8') : ''));
  if (run('npm', ['run', 'generate', '--silent']) !== 0) return 1;
  const stale = files.filter((f, i) => readFileSync(join(root, f), 'utf8') !== before[i]);
  if (stale.length) {
    console.error(`stale generated files (run \`npm run generate\` and commit): ${stale.join(', ')}`);
    return 1;
  }
  return 0;
}

ensureDependencies();
ensureSystemPackages();
const pgUrl = ensurePostgres();
const env = { ...process.env, ...(pgUrl ? { DESK_TEST_PG_URL: pgUrl } : {}) };
if (!pgUrl) log('no PostgreSQL server: the desk tests run on PGlite only');

const steps = [
  ['generated files are fresh', () => generatedFilesFresh()],
  ['type checks', () => run('npm', ['run', 'typecheck', '--silent'])],
  ['lint and format', () => run('npx', ['biome', 'ci', '.'])],
  ['unit and integration tests', () => run('npx', ['vitest', 'run'], { env })],
  ['web build', () => run('npm', ['run', 'build', '-w', '@eosc/web'])],
  // The portal's initial chunks must not hold agent, reporting or editor code (scripts/check-bundle.mjs).
  ['code splitting', () => run(process.execPath, ['scripts/check-bundle.mjs'])],
  ['browser journeys', () => run('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts'], { env })],
];

const failed = [];
for (const [name, step] of steps) {
  log(`── ${name}`);
  const started = Date.now();
  const code = step();
  log(`── ${name}: ${code === 0 ? 'ok' : 'FAILED'} (${Math.round((Date.now() - started) / 1000)} s)`);
  if (code !== 0) failed.push(name);
}
log(failed.length ? `failed: ${failed.join(', ')}` : 'all checks passed');
console.info(`steps: ${steps.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
