// Code-splitting guard, run by `npm test` right after the web build: the customer portal's
// initial JavaScript (the entry chunk and every chunk it imports statically) must hold no agent
// or reporting code and no rich-text editor (TipTap/ProseMirror load lazily, with the pages that
// need them), and the agent pages' initial JavaScript no reporting code (the dashboards and
// their chart library load with /reports only). Chunks are followed through their static
// `import`/`export … from` statements; what a chunk holds comes from its source map. Prints the
// initial gzip sizes of the portal, the agent pages and the reports.
//
//   node scripts/check-bundle.mjs [dist folder, default apps/web/dist]
//
// Node built-ins only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const dist = resolve(process.argv[2] ?? join(root, 'apps', 'web', 'dist'));

/** Modules the portal must not load up front: [pattern on the module's path, why]. */
const FORBIDDEN = [
  [/^src\/features\/overviews\//, 'agent inbox (features/overviews)'],
  [/^src\/features\/agent-ticket\//, 'agent ticket view (features/agent-ticket)'],
  [/^src\/app\/routes\/agent-/, 'agent route (app/routes/agent-*)'],
  [/^src\/features\/report/, 'reporting (features/report*)'],
  [/^src\/app\/routes\/report/, 'reporting route (app/routes/report*)'],
  [/\/node_modules\/@tiptap\//, 'TipTap editor (must be lazy)'],
  [/\/node_modules\/prosemirror-/, 'ProseMirror (must be lazy)'],
  [/\/node_modules\/@visx\//, 'visx charts (reports only)'],
];

/** Modules the agent pages must not load up front either: the reporting dashboards. */
const NOT_FOR_AGENT_PAGES = FORBIDDEN.filter(([, why]) => /^reporting|visx/.test(why));

/** The agent pages whose initial JavaScript is reported: route module → label. */
const AGENT_ROUTES = [
  ['src/app/routes/agent-inbox.tsx', 'agent inbox (/agent)'],
  ['src/app/routes/agent-ticket.tsx', 'agent ticket (/agent/tickets/:id)'],
];

/** Other lazy pages whose initial JavaScript is reported (not checked). */
const OTHER_ROUTES = [['src/app/routes/reports.tsx', 'reports (/reports)']];

function fail(msg) {
  console.error(`check-bundle: ${msg}`);
  process.exit(1);
}

const indexHtml = join(dist, 'index.html');
const assets = join(dist, 'assets');
if (!existsSync(indexHtml) || !existsSync(assets))
  fail(`no build in ${dist} (run npm run build -w @eosc/web)`);

/** The chunks index.html loads: its module scripts and modulepreload links, as dist-relative paths. */
const html = readFileSync(indexHtml, 'utf8');
const entries = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="\/?([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/?([^"]+\.js)"/g),
].map((m) => m[1]);
if (entries.length === 0) fail('index.html loads no module script');

// Static imports in minified ES output: import{a as b}from"./x.js", import"./x.js",
// import*as x from"./x.js", export{…}from"./x.js", export*from"./x.js". Dynamic import("./x.js")
// has a parenthesis right after `import` and never matches.
const STATIC_IMPORT =
  /(?:^|[^\w$.])(?:import|export)\s*(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*as\s+[\w$]+|\*)?\s*(?:from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

/** The web app's folder as the build saw it: where the entry's src/main.tsx is. */
let webDir = '';
/** A module's path for the checks: "src/…" inside the web app, absolute (…/node_modules/…) outside. */
function modulePath(abs) {
  const p = abs.replaceAll('\\', '/');
  return webDir && p.startsWith(`${webDir}src/`) && !p.includes('/node_modules/')
    ? p.slice(webDir.length)
    : p;
}

const chunkCache = new Map();
/** A chunk: its size, gzip size, the chunks it imports statically and the modules it holds. */
function chunk(file) {
  const cached = chunkCache.get(file);
  if (cached) return cached;
  const path = join(dist, file);
  if (!existsSync(path)) fail(`${file} is imported but missing from ${dist}`);
  const code = readFileSync(path);
  const text = code.toString('utf8');
  const imports = [...text.matchAll(STATIC_IMPORT)].map((m) =>
    relative(dist, resolve(dirname(path), m[1])).replaceAll('\\', '/'),
  );
  const mapFile = `${path}.map`;
  if (!existsSync(mapFile))
    fail(`${file} has no source map: the guard needs build.sourcemap in apps/web/vite.config.ts`);
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const modules = (map.sources ?? []).map((s) =>
    modulePath(resolve(dirname(mapFile), map.sourceRoot ?? '', s)),
  );
  const c = { file, bytes: code.length, gzip: gzipSync(code).length, imports, modules };
  chunkCache.set(file, c);
  return c;
}

/** `from` and every chunk reachable from it through static imports. */
function closure(from) {
  const seen = new Set();
  const todo = [...from];
  while (todo.length) {
    const f = todo.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...chunk(f).imports);
  }
  return [...seen].map(chunk);
}

const main = chunk(entries[0]).modules.find((m) => m.replaceAll('\\', '/').endsWith('/src/main.tsx'));
if (!main) fail(`${entries[0]} does not hold src/main.tsx: is it the web app's entry?`);
webDir = main.replaceAll('\\', '/').slice(0, -'src/main.tsx'.length);
// The entry was read before webDir was known.
for (const c of chunkCache.values()) c.modules = c.modules.map(modulePath);

const allChunks = readdirSync(assets)
  .filter((f) => f.endsWith('.js'))
  .map((f) => chunk(`assets/${f}`));

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
function report(label, chunks) {
  const bytes = chunks.reduce((s, c) => s + c.bytes, 0);
  const gzip = chunks.reduce((s, c) => s + c.gzip, 0);
  console.info(`${label}: ${kb(gzip)} gzip (${kb(bytes)} raw) in ${chunks.length} chunk(s)`);
  for (const c of [...chunks].sort((a, b) => b.gzip - a.gzip))
    console.info(`  ${c.file.padEnd(48)} ${kb(c.gzip).padStart(11)} gzip ${kb(c.bytes).padStart(11)} raw`);
  return gzip;
}

const portal = closure(entries);
const portalGzip = report('portal initial JavaScript (entry + static imports)', portal);

const offences = [];
/** Records the modules of `chunks` that `rules` forbid, naming the page that loads them. */
function check(chunks, rules, page) {
  for (const c of chunks) {
    for (const m of c.modules) {
      const hit = rules.find(([re]) => re.test(m));
      if (hit) offences.push({ chunk: c.file, module: m, why: `${hit[1]}, loaded by ${page}` });
    }
  }
}

for (const [route, label, rules] of [
  ...AGENT_ROUTES.map(([r, l]) => [r, l, NOT_FOR_AGENT_PAGES]),
  ...OTHER_ROUTES.map(([r, l]) => [r, l, []]),
]) {
  const holder = allChunks.filter((c) => c.modules.includes(route));
  if (holder.length === 0) {
    console.info(`${label}: no chunk holds ${route} (not built?)`);
    continue;
  }
  const inPortal = holder.some((c) => portal.includes(c));
  const page = closure([...entries, ...holder.map((c) => c.file)]);
  const gzip = report(`${label} initial JavaScript`, page);
  if (!inPortal) console.info(`  ${label} / portal: ×${(gzip / portalGzip).toFixed(2)}`);
  check(page, rules, label);
}

check(portal, FORBIDDEN, 'the portal');
if (offences.length) {
  console.error('\ncheck-bundle: a page loads code up front that must be lazy:');
  const byChunk = new Map();
  for (const o of offences) byChunk.set(o.chunk, [...(byChunk.get(o.chunk) ?? []), o]);
  for (const [file, list] of byChunk) {
    console.error(`  in ${file}:`);
    for (const o of list.slice(0, 15)) console.error(`    ${o.module}  (${o.why})`);
    if (list.length > 15) console.error(`    … and ${list.length - 15} more`);
  }
  console.error(
    'Load these with a dynamic import() (a lazy route or component) instead of a static import reachable from src/main.tsx.',
  );
  process.exit(1);
}
console.info(
  'check-bundle: the portal’s initial chunks hold no agent, reporting or editor code; the agent pages’ no reporting code',
);
