import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { alive, freePort, Proc, postmasterPid, rng } from './processes.ts';

/*
 * Crash safety of the desk: writers create tickets (with their first article) and reply to
 * them concurrently while the desk is killed with SIGKILL at random moments (on every other
 * round its PostgreSQL server too, as a power cut would), then restarted on the same data.
 * Afterwards every acknowledged write must be there and no ticket may be half-written.
 * CRASH_SEED / CRASH_ROUNDS replay or lengthen a run.
 */

const SEED = Number(process.env.CRASH_SEED ?? 2026);
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3);
const WRITERS = 6;
const TOKEN = 'crash-service-token-0123456789abcdef0123456789';

interface Acked {
  tickets: Map<number, string>;
  articles: Map<number, { ticket: number; body: string }>;
}

/** Children of a process (from /proc), so a killed postmaster takes its backends with it. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function powerCut(dataDir: string): Promise<boolean> {
  const pid = postmasterPid(dataDir);
  if (!pid || !alive(pid)) return false;
  const backends = childrenOf(pid);
  for (const p of [pid, ...backends]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 10_000;
  while ([pid, ...backends].some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return true;
}

async function crashRun(name: string, env: Record<string, string>, dataDir: string | undefined) {
  const random = rng(SEED);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/api/v1`;
  const desk = new Proc(
    'apps/desk/src/server.ts',
    {
      DESK_PORT: String(port),
      DESK_HOST: '127.0.0.1',
      DESK_SERVICE_TOKEN: TOKEN,
      SEED: 'demo',
      DESK_DEMO_HISTORY: '0',
      SMTP_URL: '',
      DESK_WORKER_POLL_MS: '1000',
      ...env,
    },
    `${base}/users/me`,
  );
  const as = (from: string) => ({
    Authorization: `Token token=${TOKEN}`,
    From: from,
    'Content-Type': 'application/json',
  });
  const acked: Acked = { tickets: new Map(), articles: new Map() };
  const prefix = `crash-${name}-${SEED}-`;
  let attempts = 0;
  let powerCuts = 0;
  await desk.start();
  try {
    const customer = await (await fetch(`${base}/users/me`, { headers: as('customer@example.org') })).json();
    const headers = as(String(customer.id));
    for (let round = 0; round < ROUNDS; round++) {
      let running = true;
      const writer = async (w: number) => {
        for (let i = 0; running; i++) {
          const title = `${prefix}${round}-${w}-${i}`;
          attempts++;
          try {
            const res = await fetch(`${base}/tickets`, {
              method: 'POST',
              headers,
              body: JSON.stringify({
                title,
                group: 'Users',
                article: { body: `${title} first`, type: 'web' },
              }),
            });
            if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
            const t = await res.json();
            acked.tickets.set(t.id, title);
            for (let r = 0; r < 2 && running; r++) {
              const body = `${title} reply ${r}`;
              attempts++;
              const a = await fetch(`${base}/ticket_articles`, {
                method: 'POST',
                headers,
                body: JSON.stringify({ ticket_id: t.id, body, type: 'web' }),
              });
              if (a.status !== 201) throw new Error(`reply answered ${a.status}: ${await a.text()}`);
              acked.articles.set((await a.json()).id, { ticket: t.id, body });
            }
          } catch (err) {
            // The desk died under this request: unacknowledged, so not counted. Anything else is a fault.
            if (running) throw err;
            return;
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      await new Promise((r) => setTimeout(r, 400 + Math.floor(random() * 2500)));
      running = false;
      await desk.kill();
      if (dataDir && round % 2 === 1 && (await powerCut(dataDir))) powerCuts++;
      await Promise.all(writers);
      await desk.start();
    }

    // Count: every acknowledged ticket and article is there; no ticket lacks its first
    // article; article_count matches the articles stored.
    const admin = as('admin@example.org');
    let lostTickets = 0;
    let lostArticles = 0;
    for (const [id, title] of acked.tickets) {
      const res = await fetch(`${base}/tickets/${id}`, { headers: admin });
      if (res.status !== 200 || (await res.json()).title !== title) lostTickets++;
    }
    for (const [id, { ticket, body }] of acked.articles) {
      const res = await fetch(`${base}/ticket_articles/${id}`, { headers: admin });
      const a = res.status === 200 ? await res.json() : undefined;
      if (!a || a.ticket_id !== ticket || a.body !== body) lostArticles++;
    }
    const ours: { id: number; article_count: number }[] = [];
    for (let page = 1; ; page++) {
      const list = await (
        await fetch(`${base}/tickets?per_page=100&page=${page}`, { headers: admin })
      ).json();
      ours.push(...list.filter((t: { title: string }) => t.title.startsWith(prefix)));
      if (list.length < 100) break;
    }
    let halfWritten = 0;
    for (const t of ours) {
      const articles = await (
        await fetch(`${base}/ticket_articles/by_ticket/${t.id}`, { headers: admin })
      ).json();
      if (articles.length === 0 || articles.length !== t.article_count) halfWritten++;
    }
    console.info(
      `crash (${name}, seed ${SEED}): ${ROUNDS} SIGKILLs (${powerCuts} with the PostgreSQL server), ${attempts} writes sent, ` +
        `${acked.tickets.size} tickets and ${acked.articles.size} replies acknowledged, ${ours.length} tickets stored; ` +
        `lost: ${lostTickets} tickets, ${lostArticles} articles; half-written: ${halfWritten}`,
    );
    expect(acked.tickets.size).toBeGreaterThan(0);
    expect(ours.length).toBeGreaterThanOrEqual(acked.tickets.size);
    expect({ lostTickets, lostArticles, halfWritten }).toEqual({
      lostTickets: 0,
      lostArticles: 0,
      halfWritten: 0,
    });
  } finally {
    await desk.stop();
  }
}

describe(`the desk killed with SIGKILL during concurrent writes (seed ${SEED}, ${ROUNDS} rounds)`, () => {
  it('on the embedded PostgreSQL server: no acknowledged write lost, no half-written ticket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crash-desk-'));
    chmodSync(dir, 0o755);
    try {
      await crashRun('embedded', { DATA_DIR: dir, DATABASE_URL: '' }, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  const external = process.env.DESK_TEST_PG_URL || process.env.DATABASE_URL;
  it.runIf(external)(
    'on the PostgreSQL server at DESK_TEST_PG_URL / DATABASE_URL too',
    async () => {
      const name = `desk_crash_${process.pid}`;
      const admin = new pg.Client({ connectionString: external });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(external as string);
      url.pathname = `/${name}`;
      const dir = mkdtempSync(join(tmpdir(), 'crash-desk-ext-'));
      try {
        await crashRun('external', { DATA_DIR: dir, DATABASE_URL: url.toString() }, undefined);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
