// The browser half of `npm run bench`: the production build served by the BFF, measured in
// headless Chromium (Debian's /usr/bin/chromium through Playwright's library), on 127.0.0.1.
//
// - initial JavaScript: every script the browser requests until the page is ready and no script
//   has been requested for a second, gzip-compressed here (zlib, default level) whatever the
//   server sends: /help (anonymous), / (signed-in customer), /agent (signed-in agent);
// - largest contentful paint of /help (PerformanceObserver, buffered), cold loads;
// - opening an overview of N tickets: navigation → first rows, → count shown; then scrolling to
//   the end of the loaded rows → the next page's rows rendered; and once, to the last ticket;
// - opening a ticket with many articles: navigation → every article rendered, → composer ready.
// Times are the page's own clock (performance.now(), from navigation start), sampled every frame.
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import type { BrowserSeedInfo } from './browser-seed.ts';

export interface BrowserTarget {
  url: string;
  customerCookie: string;
  agentCookie: string;
}

export interface ChunkSize {
  url: string;
  bytes: number;
  gzip: number;
}
export interface InitialJs {
  page: string;
  as: string;
  gzip: number;
  bytes: number;
  chunks: ChunkSize[];
}
export interface Timings {
  runs: number[];
  median: number;
}
export interface BrowserResults {
  browser: string;
  runs: number;
  initialJs: InitialJs[];
  /** agent (/agent) initial gzip / portal (/, signed in) initial gzip */
  agentToPortal: number;
  helpLcp: Timings & { fcp: Timings; element: string };
  overview: {
    name: string;
    tickets: number;
    firstRows: Timings;
    countShown: Timings;
    /** Scroll to the end of the loaded rows → the next page's rows rendered. */
    nextPageRows: Timings;
    /** Once: scroll repeatedly until the last ticket's row is rendered. */
    toLastRow?: { ms: number; pages: number };
  };
  bigTicket: { articles: number; allArticles: Timings; composerReady: Timings };
  /** Measurements that failed: name → first line of the error. */
  errors: Record<string, string>;
}

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const timings = (runs: number[]): Timings => ({ runs: runs.map((r) => Math.round(r)), median: median(runs) });

async function newContext(browser: Browser, base: string, cookie?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
  if (cookie) {
    const at = cookie.indexOf('=');
    await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: base }]);
  }
  return context;
}

/**
 * Records, from the first frame on, when each condition first holds (performance.now()), in
 * window.__benchMarks. Conditions are JavaScript expressions evaluated in the page every frame.
 */
async function markWhen(page: Page, checks: Record<string, string>) {
  const list = Object.entries(checks)
    .map(([name, expr]) => `[${JSON.stringify(name)}, () => (${expr})]`)
    .join(',');
  await page.addInitScript({
    content: `(() => {
      const marks = (window.__benchMarks = {});
      const checks = [${list}];
      const tick = () => {
        const now = performance.now();
        for (const [name, ok] of checks) {
          if (name in marks) continue;
          try { if (ok()) marks[name] = now; } catch {}
        }
        if (checks.some(([name]) => !(name in marks))) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })();`,
  });
}

async function marks(page: Page, names: string[], timeoutMs = 60_000): Promise<Record<string, number>> {
  const read = () =>
    page.evaluate(() => (window as unknown as { __benchMarks?: Record<string, number> }).__benchMarks ?? {});
  try {
    await page.waitForFunction(
      (ns) => {
        const m = (window as unknown as { __benchMarks?: Record<string, number> }).__benchMarks ?? {};
        return ns.every((n) => n in m);
      },
      names,
      { timeout: timeoutMs, polling: 50 },
    );
  } catch (err) {
    const got = await read().catch(() => ({}) as Record<string, number>);
    const missing = names.filter((n) => !(n in got));
    throw new Error(
      `${page.url()}: never saw ${missing.join(', ')} within ${timeoutMs / 1000} s (saw ${Object.keys(got).join(', ') || 'nothing'}): ${err instanceof Error ? err.message.split('\n')[0] : err}`,
    );
  }
  return read();
}

/** The scripts a page requests until `ready` is visible and no script was requested for quietMs. */
async function initialJs(
  browser: Browser,
  base: string,
  path: string,
  as: string,
  ready: string,
  cookie?: string,
): Promise<InitialJs> {
  const context = await newContext(browser, base, cookie);
  const page = await context.newPage();
  const scripts: { url: string; body: Promise<Buffer | null> }[] = [];
  let lastScriptAt = Date.now();
  page.on('request', (req) => {
    if (req.resourceType() === 'script') lastScriptAt = Date.now();
  });
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    scripts.push({ url: res.url(), body: res.body().catch(() => null) });
  });
  await page.goto(path);
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  while (Date.now() - lastScriptAt < 1000) await page.waitForTimeout(200);
  const chunks: ChunkSize[] = [];
  for (const s of scripts) {
    const body = await s.body;
    if (!body) throw new Error(`no body for ${s.url}`);
    chunks.push({ url: new URL(s.url).pathname, bytes: body.length, gzip: gzipSync(body).length });
  }
  await context.close();
  return {
    page: path,
    as,
    gzip: chunks.reduce((n, c) => n + c.gzip, 0),
    bytes: chunks.reduce((n, c) => n + c.bytes, 0),
    chunks: chunks.sort((a, b) => b.gzip - a.gzip),
  };
}

async function helpLcp(browser: Browser, base: string, runs: number) {
  const lcp: number[] = [];
  const fcp: number[] = [];
  let element = '';
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser, base);
    const page = await context.newPage();
    await page.goto('/help', { waitUntil: 'load' });
    await page.locator('h1').first().waitFor({ timeout: 60_000 });
    // Let the paint that shows the content happen before reading the last LCP entry.
    await page.waitForTimeout(500);
    const r = await page.evaluate(
      () =>
        new Promise<{ lcp: number; fcp: number; element: string }>((resolve) => {
          const fcpEntry = performance.getEntriesByName('first-contentful-paint')[0];
          new PerformanceObserver((list) => {
            const last = list.getEntries().at(-1) as PerformanceEntry & { element?: Element | null };
            const el = last?.element;
            resolve({
              lcp: last?.startTime ?? Number.NaN,
              fcp: fcpEntry?.startTime ?? Number.NaN,
              element: el ? `${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''}` : '',
            });
          }).observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(
            () => resolve({ lcp: Number.NaN, fcp: fcpEntry?.startTime ?? Number.NaN, element: '' }),
            5000,
          );
        }),
    );
    lcp.push(r.lcp);
    fcp.push(r.fcp);
    element = r.element;
    await context.close();
  }
  return { ...timings(lcp), fcp: timings(fcp), element };
}

// The inbox table (apps/web/src/features/overviews/components/inbox-table.tsx) and sidebar.
const ROW = 'tr.inbox-table__row[aria-rowindex]';
const maxRowIndex = `Math.max(0, ...[...document.querySelectorAll('${ROW}')].map((r) => Number(r.getAttribute('aria-rowindex'))))`;

// Runs in the page, as source text (tsx would wrap named inner functions in a helper the page
// lacks): scrolls to the end of the loaded rows `steps` times, each time timing until a row
// beyond the last one rendered appears (the next page fetched and rendered).
const SCROLL_TO_END = `async (steps, n) => {
  const maxIndex = () => ${maxRowIndex};
  const scroller = document.querySelector('.inbox-scroll');
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const times = [];
  const started = performance.now();
  let pages = 0;
  for (let s = 0; s < steps; s++) {
    scroller.scrollTop = scroller.scrollHeight;
    await frame();
    await frame();
    const before = maxIndex();
    if (before >= n + 1) break;
    const t0 = performance.now();
    while (maxIndex() <= before) {
      if (performance.now() - t0 > 30000) throw new Error('no rows after index ' + before + ' within 30 s');
      await frame();
    }
    times.push(performance.now() - t0);
    pages++;
  }
  return { times, total: performance.now() - started, pages, last: maxIndex() };
}`;

async function overview(browser: Browser, target: BrowserTarget, seed: BrowserSeedInfo, runs: number) {
  const n = seed.overview.tickets;
  const firstRows: number[] = [];
  const countShown: number[] = [];
  const nextPage: number[] = [];
  let toLastRow: { ms: number; pages: number } | undefined;
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser, target.url, target.agentCookie);
    const page = await context.newPage();
    await markWhen(page, {
      rows: `document.querySelector('${ROW}')`,
      count:
        `document.querySelector('table.inbox-table')?.getAttribute('aria-rowcount') === '${n + 1}' && ` +
        // The count's visible part (a visually hidden sentence may follow it), digits only.
        `((c) => (c?.querySelector('[aria-hidden="true"]') ?? c)?.textContent.replace(/\\D/g, ''))(` +
        `document.querySelector('.overviews__link[aria-current="page"] .overviews__count')) === '${n}'`,
    });
    await page.goto(`/agent?view=${encodeURIComponent(seed.overview.link)}`);
    const m = await marks(page, ['rows', 'count']);
    firstRows.push(m.rows as number);
    countShown.push(m.count as number);
    // Scroll to the end of the loaded rows three times; each time the next page is fetched and rendered.
    const steps = i === 0 ? 1000 : 3;
    const r = (await page.evaluate(`(${SCROLL_TO_END})(${steps}, ${n})`)) as {
      times: number[];
      total: number;
      pages: number;
      last: number;
    };
    nextPage.push(...r.times.slice(0, 3));
    if (i === 0 && r.last === n + 1) toLastRow = { ms: Math.round(r.total), pages: r.pages };
    await context.close();
  }
  return {
    name: seed.overview.name,
    tickets: n,
    firstRows: timings(firstRows),
    countShown: timings(countShown),
    nextPageRows: timings(nextPage),
    ...(toLastRow ? { toLastRow } : {}),
  };
}

async function bigTicket(browser: Browser, target: BrowserTarget, seed: BrowserSeedInfo, runs: number) {
  const all: number[] = [];
  const composer: number[] = [];
  const n = seed.bigTicket.articles;
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser, target.url, target.agentCookie);
    const page = await context.newPage();
    // apps/web/src/features/agent-ticket/components: the conversation list and the reply form.
    await markWhen(page, {
      articles: `document.querySelectorAll('ol.articles > li.article').length >= ${n}`,
      composer: `document.querySelector('.composer textarea, .composer [contenteditable="true"]')`,
    });
    await page.goto(`/agent/tickets/${seed.bigTicket.id}`);
    const m = await marks(page, ['articles', 'composer']);
    all.push(m.articles as number);
    composer.push(m.composer as number);
    await context.close();
  }
  return { articles: n, allArticles: timings(all), composerReady: timings(composer) };
}

export async function runBrowserBench(
  target: BrowserTarget,
  seed: BrowserSeedInfo,
  opts: { runs: number; only: (name: string) => boolean; log: (msg: string) => void },
): Promise<Partial<BrowserResults>> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: LAUNCH_ARGS,
  });
  const out: Partial<BrowserResults> = {
    browser: `Chromium ${browser.version()} (headless)`,
    runs: opts.runs,
  };
  // One measurement failing (a page changed under the bench) leaves the others standing.
  const measure = async (name: string, what: string, fn: () => Promise<void>) => {
    if (!opts.only(name)) return;
    opts.log(`browser: ${what}…`);
    try {
      await fn();
    } catch (err) {
      const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
      opts.log(`browser: ${name} FAILED: ${msg}`);
      out.errors = { ...out.errors, [name]: msg ?? '' };
    }
  };
  try {
    await measure('browser-initial-js', 'initial JavaScript of /help, / and /agent', async () => {
      const help = await initialJs(browser, target.url, '/help', 'anonymous', 'h1');
      const portal = await initialJs(browser, target.url, '/', 'customer', 'h1', target.customerCookie);
      const agent = await initialJs(browser, target.url, '/agent', 'agent', ROW, target.agentCookie);
      out.initialJs = [help, portal, agent];
      out.agentToPortal = agent.gzip / portal.gzip;
    });
    await measure(
      'browser-help-lcp',
      `largest contentful paint of /help, ${opts.runs} cold loads`,
      async () => {
        out.helpLcp = await helpLcp(browser, target.url, opts.runs);
      },
    );
    await measure(
      'browser-overview',
      `opening an overview of ${seed.overview.tickets} tickets, ${opts.runs} times`,
      async () => {
        out.overview = await overview(browser, target, seed, opts.runs);
      },
    );
    await measure(
      'browser-ticket',
      `opening a ticket with ${seed.bigTicket.articles} articles, ${opts.runs} times`,
      async () => {
        out.bigTicket = await bigTicket(browser, target, seed, opts.runs);
      },
    );
  } finally {
    await browser.close();
  }
  return out;
}

export function printBrowser(r: Partial<BrowserResults>) {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const ms = (t: Timings) => `${t.median.toFixed(0)} ms (runs: ${t.runs.join(', ')})`;
  console.info(`\nbrowser: ${r.browser}, production build served by the BFF, ${r.runs} runs each\n`);
  if (r.initialJs) {
    console.info('initial JavaScript (gzip, as requested by the browser until the page is ready):');
    for (const p of r.initialJs) {
      console.info(
        `  ${`${p.page} (${p.as})`.padEnd(20)} ${kb(p.gzip).padStart(10)} gzip  ${kb(p.bytes)} raw`,
      );
      for (const c of p.chunks)
        console.info(`      ${c.url.padEnd(44)} ${kb(c.gzip).padStart(10)}  ${kb(c.bytes).padStart(10)} raw`);
    }
    if (r.agentToPortal !== undefined)
      console.info(`  agent (/agent) / portal (/): ×${r.agentToPortal.toFixed(2)}`);
  }
  if (r.helpLcp)
    console.info(
      `largest contentful paint of /help: median ${ms(r.helpLcp)}; first contentful paint ${r.helpLcp.fcp.median.toFixed(0)} ms; element ${r.helpLcp.element || '?'}`,
    );
  if (r.overview) {
    const o = r.overview;
    console.info(`overview "${o.name}" with ${o.tickets} tickets, from navigation:`);
    console.info(`  first rows visible      ${ms(o.firstRows)}`);
    console.info(`  count shown             ${ms(o.countShown)}`);
    console.info(`  scroll to the end → next page's rows   ${ms(o.nextPageRows)}`);
    if (o.toLastRow)
      console.info(`  scrolling to the last ticket: ${o.toLastRow.ms} ms over ${o.toLastRow.pages} pages`);
  }
  if (r.bigTicket) {
    const t = r.bigTicket;
    console.info(`ticket with ${t.articles} articles, from navigation:`);
    console.info(`  every article rendered  ${ms(t.allArticles)}`);
    console.info(`  composer ready          ${ms(t.composerReady)}`);
  }
  for (const [name, msg] of Object.entries(r.errors ?? {})) console.info(`${name}: FAILED (${msg})`);
  console.info('');
}
