// Service-level figures (`npm run bench`, or alone with BENCH_ONLY=sla-recompute,worker-minute):
// on a copy of the benchmark database (.bench/desk) where every seeded ticket is open, spread
// over support units of the three quality-of-support levels and the four EOSC priorities,
//
// - sla-recompute: the worker's recompute of every open ticket's due times after a calendar
//   change (a public holiday added), in-process, as the `recompute_escalations` job runs it;
// - worker-minute: what the worker costs per minute: one tick of each recurring kind through
//   the worker itself (claim, run, finish), first the catch-up run of a desk that starts with
//   every ticket overdue, then steady minutes (the clock moved one minute at a time), scaled to
//   a minute (the hourly review counted at 1/60).
//
// The copy is dropped afterwards, so the seed stays as the other scenarios expect it.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Db, openPostgres } from '../apps/desk/src/db/client.ts';
import { startEmbeddedPostgres } from '../apps/desk/src/db/embedded.ts';
import { migrate } from '../apps/desk/src/db/migrate.ts';
import { recomputeOpenTickets } from '../apps/desk/src/domain/sla/recompute.ts';
import { deskJobKinds } from '../apps/desk/src/jobs/kinds.ts';
import { Worker } from '../apps/desk/src/jobs/worker.ts';
import { advanceClock, setClock } from '../apps/desk/src/lib/clock.ts';
import { DEMO_CALENDAR, seedServiceLevels } from '../apps/desk/src/seed/service-levels.ts';

export const SLA_SCENARIOS = ['sla-recompute', 'worker-minute'] as const;

/** A Db that counts the statements sent through it (transactions included). */
function counting(db: Db): { db: Db; queries: () => number } {
  let n = 0;
  const wrap = (d: Db): Db => ({
    kind: d.kind,
    query: (sql, params) => {
      n++;
      return d.query(sql, params);
    },
    exec: (sql) => {
      n++;
      return d.exec(sql);
    },
    tx: (fn) => d.tx((t) => fn(wrap(t))),
    close: () => d.close(),
  });
  return { db: wrap(db), queries: () => n };
}

export interface SlaResults {
  tickets: number;
  units: Record<string, number>;
  recompute?: {
    ms: number;
    tickets: number;
    changed: number;
    batches: number;
    queries: number;
    msPer1000: number;
    noChangeMs: number;
  };
  worker?: {
    catchUp: { ms: number; queries: number; result: Record<string, unknown> };
    steadyMinutes: number;
    perMinute: { ms: number; queries: number; byKind: Record<string, { ms: number; queries: number }> };
  };
}

async function prepare(
  db: Db,
  log: (m: string) => void,
): Promise<{ tickets: number; units: Record<string, number> }> {
  await migrate(db);
  const calendar = await db.query(`SELECT 1 FROM calendars WHERE name = $1`, [DEMO_CALENDAR]);
  if (calendar.length === 0) {
    log('sla: the seed predates the service levels; adding the demo calendar, units and SLAs…');
    const admin = await db.query<{ id: number }>(`SELECT id FROM users WHERE login = 'admin@example.org'`);
    await db.tx((tx) => seedServiceLevels(tx, admin[0]?.id ?? 1));
  }
  const units = await db.query<{ id: number; qos_level: string }>(
    'SELECT id, qos_level FROM groups WHERE support_unit ORDER BY id',
  );
  const priorities = await db.query<{ id: number }>(
    `SELECT id FROM ticket_priorities WHERE name IN ('1 low', '2 normal', '3 high', '4 top priority') ORDER BY id`,
  );
  log(`sla: opening every seeded ticket over ${units.length} units and ${priorities.length} priorities…`);
  await db.query(
    `UPDATE tickets t SET state_id = CASE WHEN t.id % 5 = 0 THEN 1 ELSE 2 END,
        group_id = ($1::int[])[1 + t.id % array_length($1::int[], 1)],
        priority_id = ($2::int[])[1 + (t.id / 7) % array_length($2::int[], 1)],
        close_at = NULL, pending_time = NULL
      WHERE t.title LIKE 'Bench ticket %'`,
    [units.map((u) => u.id), priorities.map((p) => p.id)],
  );
  await db.exec('ANALYZE');
  const tickets = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tickets WHERE title LIKE 'Bench ticket %'`,
  );
  const byLevel: Record<string, number> = {};
  for (const u of units) byLevel[u.qos_level] = (byLevel[u.qos_level] ?? 0) + 1;
  return { tickets: tickets[0]?.n ?? 0, units: byLevel };
}

async function measureRecompute(db: Db, log: (m: string) => void): Promise<SlaResults['recompute']> {
  // What PUT /calendars/:id does to the data: a new public holiday (a Monday in the past two
  // months, so due times of many open tickets move).
  const holiday = new Date(Date.now() - 14 * 86_400_000);
  holiday.setUTCDate(holiday.getUTCDate() - ((holiday.getUTCDay() + 6) % 7));
  const day = holiday.toISOString().slice(0, 10);
  await db.query(
    `UPDATE calendars SET public_holidays = public_holidays || jsonb_build_object($2::text, '{"active": true, "summary": "Bench holiday"}'::jsonb),
        updated_at = now() WHERE name = $1`,
    [DEMO_CALENDAR, day],
  );
  log(`sla-recompute: recomputing every open ticket after adding the holiday ${day}…`);
  const c = counting(db);
  const t0 = performance.now();
  const r = await recomputeOpenTickets(c.db);
  const ms = performance.now() - t0;
  const t1 = performance.now();
  await recomputeOpenTickets(db);
  const noChangeMs = performance.now() - t1;
  log(
    `sla-recompute: ${r.tickets} tickets (${r.changed} changed) in ${(ms / 1000).toFixed(1)} s, ${r.batches} batches, ${c.queries()} queries; again without changes ${(noChangeMs / 1000).toFixed(1)} s`,
  );
  return {
    ms: Math.round(ms),
    tickets: r.tickets,
    changed: r.changed,
    batches: r.batches,
    queries: c.queries(),
    msPer1000: Math.round((ms / Math.max(r.tickets, 1)) * 1000 * 10) / 10,
    noChangeMs: Math.round(noChangeMs),
  };
}

/** One run of each recurring kind through the worker: time and statements per kind. */
async function oneTickEach(
  db: Db,
): Promise<{ byKind: Record<string, { ms: number; queries: number; result: unknown }> }> {
  const byKind: Record<string, { ms: number; queries: number; result: unknown }> = {};
  const jobs = await db.query<{ id: number; kind: string }>(
    'SELECT id, kind FROM jobs WHERE recurring ORDER BY kind',
  );
  for (const job of jobs) {
    const c = counting(db);
    const worker = new Worker(c.db, deskJobKinds());
    const t0 = performance.now();
    const out = await worker.runNow(job.id);
    byKind[job.kind] = {
      ms: Math.round((performance.now() - t0) * 10) / 10,
      queries: c.queries(),
      result: out && out !== 'busy' ? out.ran.result : out,
    };
  }
  return { byKind };
}

async function measureWorker(
  db: Db,
  log: (m: string) => void,
  minutes: number,
): Promise<SlaResults['worker']> {
  setClock(new Date());
  log('worker-minute: the catch-up run (every overdue ticket warned or escalated once)…');
  const c = counting(db);
  const t0 = performance.now();
  const first = await oneTickEach(c.db);
  const catchUp = {
    ms: Math.round(performance.now() - t0),
    queries: c.queries(),
    result: Object.fromEntries(Object.entries(first.byKind).map(([k, v]) => [k, v.result])) as Record<
      string,
      unknown
    >,
  };
  log(`worker-minute: catch-up in ${(catchUp.ms / 1000).toFixed(1)} s, ${catchUp.queries} queries`);
  const sums: Record<string, { ms: number; queries: number }> = {};
  for (let i = 0; i < minutes; i++) {
    advanceClock(60_000);
    const { byKind } = await oneTickEach(db);
    for (const [k, v] of Object.entries(byKind)) {
      const s = sums[k] ?? { ms: 0, queries: 0 };
      s.ms += v.ms;
      s.queries += v.queries;
      sums[k] = s;
    }
  }
  // Per minute: the minute kinds once, the hourly review a sixtieth.
  const byKind = Object.fromEntries(
    Object.entries(sums).map(([k, v]) => {
      const share = k === 'review' ? 1 / 60 : 1;
      return [
        k,
        {
          ms: Math.round((v.ms / minutes) * share * 10) / 10,
          queries: Math.round((v.queries / minutes) * share * 10) / 10,
        },
      ];
    }),
  );
  const perMinute = {
    ms: Math.round(Object.values(byKind).reduce((a, v) => a + v.ms, 0) * 10) / 10,
    queries: Math.round(Object.values(byKind).reduce((a, v) => a + v.queries, 0) * 10) / 10,
    byKind,
  };
  log(
    `worker-minute: ${perMinute.ms} ms and ${perMinute.queries} queries per minute (mean of ${minutes} minutes)`,
  );
  return { catchUp, steadyMinutes: minutes, perMinute };
}

export async function runSlaBench(opts: {
  seedDir: string;
  only: (name: string) => boolean;
  log: (m: string) => void;
}): Promise<SlaResults> {
  const server = await startEmbeddedPostgres(join(opts.seedDir, 'pg'));
  const url = new URL(server.url);
  url.pathname = '/template1';
  const admin = await openPostgres(url.toString());
  let db: Db | undefined;
  try {
    opts.log('sla: copying the benchmark database…');
    await admin.exec('DROP DATABASE IF EXISTS bench_sla WITH (FORCE)');
    await admin.exec('CREATE DATABASE bench_sla TEMPLATE postgres');
    url.pathname = '/bench_sla';
    db = await openPostgres(url.toString());
    const prepared = await prepare(db, opts.log);
    const out: SlaResults = { ...prepared };
    if (opts.only('sla-recompute')) out.recompute = await measureRecompute(db, opts.log);
    else await recomputeOpenTickets(db);
    if (opts.only('worker-minute')) out.worker = await measureWorker(db, opts.log, 5);
    return out;
  } finally {
    await db?.close();
    await admin.exec('DROP DATABASE IF EXISTS bench_sla WITH (FORCE)').catch(() => undefined);
    await admin.close();
    await server.stop();
  }
}

export function printSla(r: SlaResults): void {
  console.info(`\nservice levels: ${r.tickets} open tickets over units ${JSON.stringify(r.units)}`);
  if (r.recompute)
    console.info(
      `  recompute after a calendar change: ${(r.recompute.ms / 1000).toFixed(1)} s (${r.recompute.msPer1000} ms per 1,000 tickets), ${r.recompute.changed} changed, ${r.recompute.batches} batches, ${r.recompute.queries} queries; with nothing to change ${(r.recompute.noChangeMs / 1000).toFixed(1)} s`,
    );
  if (r.worker) {
    console.info(
      `  worker catch-up run (every overdue ticket once): ${(r.worker.catchUp.ms / 1000).toFixed(1)} s, ${r.worker.catchUp.queries} queries, ${JSON.stringify(r.worker.catchUp.result)}`,
    );
    console.info(
      `  worker per minute (steady, mean of ${r.worker.steadyMinutes}): ${r.worker.perMinute.ms} ms, ${r.worker.perMinute.queries} queries; by kind ${JSON.stringify(r.worker.perMinute.byKind)}`,
    );
  }
  console.info('');
}
