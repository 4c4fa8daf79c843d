// Seeds the benchmark database once: the desk's own migrations and demo data, then N tickets
// (BENCH_TICKETS, 100,000 by default) with 3 articles each by set-based SQL (generate_series), not
// through the API, in transactions of 100,000 tickets: the desk's search and report triggers off
// and the secondary indexes dropped during the load, then the search table, the indexes (from
// their own definitions) and the report rollups built in one pass each, and VACUUM ANALYZE.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, openDb } from '../apps/desk/src/db/client.ts';
import { migrate } from '../apps/desk/src/db/migrate.ts';
import { seedDemo } from '../apps/desk/src/seed/demo.ts';
import { hasAnswers, hasRollup, setRollupTriggers } from './reports-seed.ts';

export const SYSTEM_ID = 31;
/** Tickets per transaction of the bulk load. */
const CHUNK = 100_000;

export interface SeedInfo {
  tickets: number;
  articles: number;
  customers: number;
  /** Ids of the seeded tickets: [first, last]. */
  ticketIds: [number, number];
  seconds: number;
  seededAt: string;
}

export interface SeedOptions {
  dir: string;
  tickets: number;
  articlesPerTicket: number;
  customers: number;
  log: (msg: string) => void;
}

// Words for titles and bodies, so searches have something realistic to find.
const WORDS = [
  'login',
  'storage',
  'quota',
  'password',
  'vpn',
  'certificate',
  'dataset',
  'compute',
  'cluster',
  'token',
  'orcid',
  'marketplace',
  'license',
  'backup',
  'restore',
  'timeout',
  'network',
  'invoice',
  'account',
  'access',
];

/** Seeds when `dir` holds no finished seed; returns what the (possibly earlier) seed made. */
export async function ensureSeed(opts: SeedOptions): Promise<SeedInfo & { reused: boolean }> {
  const marker = join(opts.dir, 'seed.json');
  if (existsSync(marker)) {
    const info = JSON.parse(readFileSync(marker, 'utf8')) as SeedInfo;
    if (info.tickets === opts.tickets && info.articles === opts.tickets * opts.articlesPerTicket)
      return { ...info, reused: true };
  }
  // A half-finished or different seed: start from scratch.
  rmSync(join(opts.dir, 'pg'), { recursive: true, force: true });
  rmSync(marker, { force: true });
  const started = Date.now();
  const db = await openDb({ dataDir: opts.dir });
  try {
    await migrate(db);
    await seedDemo(db, SYSTEM_ID);
    opts.log(`seeding ${opts.customers} customers…`);
    const words = `ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}]`;
    await db.exec(`
      INSERT INTO organizations (name, shared, domain)
      SELECT 'Bench Org ' || g, true, 'org' || g || '.example.org' FROM generate_series(1, 50) g;
      INSERT INTO users (login, email, firstname, lastname, organization_id, verified)
      SELECT 'bench-customer-' || g || '@example.org', 'bench-customer-' || g || '@example.org',
             'Bench', 'Customer ' || g,
             (SELECT min(id) FROM organizations WHERE name LIKE 'Bench Org %') + (g % 50), true
        FROM generate_series(1, ${opts.customers}) g;
      INSERT INTO roles_users (user_id, role_id)
      SELECT id, 3 FROM users WHERE login LIKE 'bench-customer-%';
    `);
    opts.log(`seeding ${opts.tickets} tickets in chunks of ${CHUNK}…`);
    const t0 = Date.now();
    const bulk = await beginBulkLoad(db, opts.log);
    // Ticket g belongs to customer (g mod customers); its id is id0 + g, its number uses counter
    // 1000 + g, and the desk's ticket_number_seq continues after the last one, so numbers stay
    // unique. Times count back from one fixed instant, so every chunk agrees.
    const id0 =
      (await db.query<{ n: number }>('SELECT coalesce(max(id), 0)::int AS n FROM tickets'))[0]?.n ?? 0;
    const at = `'${new Date().toISOString()}'::timestamptz`;
    await db.exec(`
      DROP TABLE IF EXISTS bench_customers;
      CREATE TABLE bench_customers AS
        SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, id, organization_id
          FROM users WHERE login LIKE 'bench-customer-%';
    `);
    for (let lo = 1; lo <= opts.tickets; lo += CHUNK) {
      const hi = Math.min(opts.tickets, lo + CHUNK - 1);
      const tc = Date.now();
      const x = `SELECT g, ${id0} + g AS id, c.id AS customer_id, c.organization_id,
                        'Bench ticket ' || g || ': ' || (${words})[1 + g % 20] || ' ' || (${words})[1 + (g / 20) % 20] || ' problem' AS title,
                        ${at} - make_interval(mins => g) AS at
                   FROM generate_series(${lo}, ${hi}) g
                   JOIN bench_customers c ON c.k = g % ${opts.customers}`;
      await db.tx(async (tx) => {
        await tx.exec(`
          SET LOCAL synchronous_commit = off;
          INSERT INTO tickets (id, group_id, priority_id, state_id, organization_id, number, title, owner_id,
                               customer_id, article_count, create_article_type_id, create_article_sender_id,
                               last_contact_at, last_contact_customer_at, created_by_id, updated_by_id,
                               created_at, updated_at)
          SELECT x.id, 1 + (g % 2), 1 + (g % 3), 1 + (g % 4), x.organization_id, '${SYSTEM_ID}' || (1000 + g),
                 x.title, 1, x.customer_id, ${opts.articlesPerTicket}, 11, 2,
                 x.at, x.at, x.customer_id, x.customer_id, x.at, x.at
            FROM (${x}) x;
          INSERT INTO ticket_articles (ticket_id, type_id, sender_id, "from", subject, content_type, body,
                                       internal, created_by_id, updated_by_id, created_at, updated_at)
          SELECT x.id, CASE WHEN a = 1 THEN 11 ELSE 10 END, CASE WHEN a = 2 THEN 1 ELSE 2 END,
                 'Bench Customer', x.title, 'text/plain',
                 'Article ' || a || ' of ticket ' || x.id || '. The ' || (${words})[1 + (x.id + a) % 20] ||
                 ' does not work since ' || (${words})[1 + (x.id * a) % 20] || ' was changed; please help.',
                 a = 3, x.customer_id, x.customer_id, x.at + make_interval(mins => a), x.at + make_interval(mins => a)
            FROM (${x}) x CROSS JOIN generate_series(1, ${opts.articlesPerTicket}) a
           ORDER BY x.id, a;
        `);
        if (bulk.search) await buildSearch(tx, id0 + lo, id0 + hi);
      });
      opts.log(
        `  tickets ${lo}–${hi} with ${(hi - lo + 1) * opts.articlesPerTicket} articles in ${((Date.now() - tc) / 1000).toFixed(1)} s`,
      );
    }
    await db.exec(`
      DROP TABLE bench_customers;
      SELECT setval('tickets_id_seq', (SELECT max(id) FROM tickets));
      SELECT setval('ticket_number_seq', 1000 + ${opts.tickets} + 1);
    `);
    opts.log(`  loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await endBulkLoad(db, bulk, opts.log);
    opts.log('  vacuum analyze…');
    const tv = Date.now();
    await db.exec('VACUUM ANALYZE');
    opts.log(`  vacuum analyze in ${((Date.now() - tv) / 1000).toFixed(1)} s`);
    const count = async (sql: string) => (await db.query<{ n: number }>(sql))[0]?.n ?? 0;
    const info: SeedInfo = {
      tickets: await count(`SELECT count(*)::int AS n FROM tickets WHERE title LIKE 'Bench ticket %'`),
      articles: await count(
        `SELECT count(*)::int AS n FROM ticket_articles a JOIN tickets t ON t.id = a.ticket_id WHERE t.title LIKE 'Bench ticket %'`,
      ),
      customers: opts.customers,
      ticketIds: (
        await db.query<{ lo: number; hi: number }>(
          `SELECT min(id)::int AS lo, max(id)::int AS hi FROM tickets WHERE title LIKE 'Bench ticket %'`,
        )
      ).map((r) => [r.lo, r.hi] as [number, number])[0] as [number, number],
      seconds: Math.round((Date.now() - started) / 100) / 10,
      seededAt: new Date().toISOString(),
    };
    await db.close();
    writeFileSync(marker, JSON.stringify(info, null, 2));
    return { ...info, reused: false };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

interface BulkLoad {
  /** The desk's search triggers were switched off: ticket_search is built per chunk here. */
  search: boolean;
  rollup: boolean;
  /** Indexes dropped for the load, recreated from these definitions after it. */
  indexes: { name: string; def: string }[];
}

const SEARCH_TRIGGERS = [
  ['tickets', 'ticket_search_insert'],
  ['ticket_articles', 'ticket_search_article_insert'],
] as const;

/**
 * Readies the tables for a bulk load: the desk's per-statement search triggers and per-row
 * report triggers off (what they maintain is built in one pass instead), and the secondary
 * indexes of tickets, articles and the search table dropped (recreated from their own
 * definitions afterwards; those backing a primary key or unique constraint stay).
 */
async function beginBulkLoad(db: Db, log: (msg: string) => void): Promise<BulkLoad> {
  const triggers = new Set(
    (
      await db.query<{ t: string }>(
        `SELECT c.relname || '.' || tg.tgname AS t FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
          WHERE NOT tg.tgisinternal AND c.relname IN ('tickets', 'ticket_articles')`,
      )
    ).map((r) => r.t),
  );
  const search = SEARCH_TRIGGERS.every(([table, name]) => triggers.has(`${table}.${name}`));
  if (search)
    for (const [table, name] of SEARCH_TRIGGERS)
      await db.exec(`ALTER TABLE ${table} DISABLE TRIGGER ${name}`);
  const rollup = await hasRollup(db);
  if (rollup) await setRollupTriggers(db, false);
  const indexes = (
    await db.query<{ name: string; def: string }>(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename IN ('tickets', 'ticket_articles', 'ticket_search')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
        ORDER BY i.tablename, i.indexname`,
    )
  ).filter((i) => search || !i.def.includes('ticket_search'));
  for (const i of indexes) await db.exec(`DROP INDEX ${i.name}`);
  await db.exec(`
    DROP AGGREGATE IF EXISTS bench_tsv_agg(tsvector);
    CREATE AGGREGATE bench_tsv_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');
  `);
  log(
    `  bulk load: ${search ? 'search triggers off, ' : ''}${rollup ? 'report triggers off, ' : ''}${indexes.length} indexes dropped`,
  );
  return { search, rollup, indexes };
}

/**
 * ticket_search rows of tickets lo..hi, as the desk's desk_ticket_search_refresh() builds them
 * (title and number, then every article's vector in id order; `vector_public` without the
 * internal ones). Plain concatenation replaces desk_tsv_cat: the seeded texts are far below
 * the 1 MB limit it guards.
 */
async function buildSearch(db: Db, lo: number, hi: number) {
  await db.exec(`
    INSERT INTO ticket_search (ticket_id, vector, vector_public)
    SELECT t.id, desk_ticket_head_tsv(t.title, t.number) || coalesce(a.all_v, ''),
           desk_ticket_head_tsv(t.title, t.number) || coalesce(a.public_v, '')
      FROM tickets t
      LEFT JOIN (SELECT x.ticket_id, bench_tsv_agg(x.v ORDER BY x.id) AS all_v,
                        bench_tsv_agg(x.v ORDER BY x.id) FILTER (WHERE NOT x.internal) AS public_v
                   FROM (SELECT ta.id, ta.ticket_id, ta.internal,
                                desk_article_tsv(ta.subject, ta.body, ta.content_type, ta."from", ta."to", ta.cc) AS v
                           FROM ticket_articles ta WHERE ta.ticket_id BETWEEN ${lo} AND ${hi}) x
                  GROUP BY x.ticket_id) a ON a.ticket_id = t.id
     WHERE t.id BETWEEN ${lo} AND ${hi}
    ON CONFLICT (ticket_id) DO UPDATE SET vector = EXCLUDED.vector, vector_public = EXCLUDED.vector_public;
  `);
}

async function endBulkLoad(db: Db, bulk: BulkLoad, log: (msg: string) => void) {
  const t0 = Date.now();
  await db.exec('DROP AGGREGATE bench_tsv_agg(tsvector)');
  await db.tx(async (tx) => {
    await tx.exec(`SET LOCAL maintenance_work_mem = '512MB'`);
    for (const i of bulk.indexes) await tx.exec(i.def);
  });
  log(`  ${bulk.indexes.length} indexes rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (bulk.rollup) {
    const t1 = Date.now();
    await db.exec('SELECT report_daily_rebuild()');
    if (await hasAnswers(db)) await db.exec('SELECT report_answers_rebuild()');
    await setRollupTriggers(db, true);
    log(`  report rollups rebuilt in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  }
  if (bulk.search)
    for (const [table, name] of SEARCH_TRIGGERS) await db.exec(`ALTER TABLE ${table} ENABLE TRIGGER ${name}`);
}
