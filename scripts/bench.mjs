// `npm run bench`: the benchmark lives in bench/ (TypeScript, run with tsx). See bench/run.ts.
// The browser half measures a production build of the web app of its own (.bench/web-dist,
// rebuilt here when a web source is newer), so a build in apps/web/dist is never touched.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureServerBuilds } from './build-servers.mjs';
import { ensureDependencies, log, newestMtime, root, run } from './lib.mjs';

function ensureBenchBuild() {
  const web = join(root, 'apps', 'web');
  const out = join(root, '.bench', 'web-dist');
  const built = join(out, 'index.html');
  const sources = Math.max(
    ...['src', 'index.html', 'public', 'vite.config.ts', 'package.json'].map((p) =>
      newestMtime(join(web, p)),
    ),
    newestMtime(join(root, 'package-lock.json')),
  );
  if (existsSync(built) && statSync(built).mtimeMs > sources) return;
  log('building the web app for the browser benchmark (.bench/web-dist)…');
  const code = run('npm', ['run', 'build', '-w', '@eosc/web', '--', '--outDir', out, '--emptyOutDir']);
  if (code !== 0) throw new Error('web build failed');
}

ensureDependencies();
// The desk and the BFF are measured as npm start runs them (bundles; bench/processes.ts).
await ensureServerBuilds();
const args = process.argv.slice(2);
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const browser = process.env.BENCH_BROWSER !== '0';
// `npm run bench -- reports [--tickets N] [--runs N] [--no-browser] [--database-url URL]`: the
// reports benchmark alone (bench/reports.ts). Plain `npm run bench` runs it after bench/run.ts
// (at 100,000 tickets; BENCH_REPORTS=0 skips it, BENCH_ONLY=reports runs it alone).
// `npm run bench -- mail [--mails N] [--replies N]`: the mail benchmark alone (bench/mail.ts);
// plain `npm run bench` runs it last (BENCH_MAIL=0 skips it).
const mailOnly = args[0] === 'mail' || (only.length > 0 && only.every((n) => n === 'mail'));
const wantMail = mailOnly || (process.env.BENCH_MAIL !== '0' && (only.length === 0 || only.includes('mail')));
const reportsOnly = args[0] === 'reports' || (only.length > 0 && only.every((n) => n === 'reports'));
const wantReports =
  !mailOnly &&
  (reportsOnly || (process.env.BENCH_REPORTS !== '0' && (only.length === 0 || only.includes('reports'))));
const wantMain = !reportsOnly && !mailOnly;
if (
  browser &&
  ((wantMain && (only.length === 0 || only.some((n) => n.startsWith('browser-')))) ||
    (wantReports && !args.includes('--no-browser')))
)
  ensureBenchBuild();
let status = 0;
if (wantMain) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  status = res.status ?? 1;
}
if (status === 0 && wantReports) {
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/reports.ts', ...(reportsOnly ? args.filter((a) => a !== 'reports') : [])],
    { cwd: root, stdio: 'inherit' },
  );
  status = res.status ?? 1;
}
if (status === 0 && wantMail) {
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/mail.ts', ...(mailOnly ? args.filter((a) => a !== 'mail') : [])],
    { cwd: root, stdio: 'inherit' },
  );
  status = res.status ?? 1;
}
process.exit(status);
