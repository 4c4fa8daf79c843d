// `npm test`: from a fresh clone, every check. Installs what is missing (as root: Debian's
// Chromium), then runs generated-file freshness, type checks, lint, unit and integration tests
// (Vitest; the desk's on the embedded PostgreSQL server from the npm registry, or on the server
// at DESK_TEST_PG_URL), the web build and the browser journeys (Playwright, Chromium).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, log, root, run } from './lib.mjs';

const isRoot = process.getuid?.() === 0;
const sh = (cmd) => spawnSync('sh', ['-c', cmd], { stdio: 'inherit', cwd: root }).status ?? 1;

function ensureSystemPackages() {
  if (existsSync('/usr/bin/chromium')) return;
  if (!isRoot) {
    log('Chromium is missing (/usr/bin/chromium); not root, so not installing it');
    return;
  }
  log('installing chromium from Debian…');
  if (
    sh('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null') !==
    0
  ) {
    throw new Error('apt-get install chromium failed');
  }
}

/** Regenerates the generated files and fails when that changed them (they were stale). */
function generatedFilesFresh() {
  const files = [
    'packages/zammad-api/src/schema.gen.ts',
    'packages/zammad-api/openapi.json',
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
const env = process.env;

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
