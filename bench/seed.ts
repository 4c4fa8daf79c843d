// Seeds the benchmark database once: the desk's own migrations and demo data, then 100,000
// tickets with 300,000 articles by bulk SQL (generate_series), not through the API.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../apps/desk/src/db/client.ts';
import { migrate } from '../apps/desk/src/db/migrate.ts';
import { seedDemo } from '../apps/desk/src/seed/demo.ts';

export const SYSTEM_ID = 31;

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
    opts.log(`seeding ${opts.tickets} tickets…`);
    const t0 = Date.now();
    // Ticket g belongs to customer (g mod customers); its number uses counter 1000 + g, and the
    // desk's ticket_number_seq continues after the last one, so numbers stay unique.
    await db.exec(`
      CREATE TEMP TABLE bench_customers AS
        SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, organization_id
          FROM users WHERE login LIKE 'bench-customer-%';
      INSERT INTO tickets (group_id, priority_id, state_id, organization_id, number, title, owner_id,
                           customer_id, article_count, create_article_type_id, create_article_sender_id,
                           last_contact_at, last_contact_customer_at, created_by_id, updated_by_id,
                           created_at, updated_at)
      SELECT 1 + (g % 2), 1 + (g % 3), 1 + (g % 4), c.organization_id,
             '${SYSTEM_ID}' || (1000 + g),
             'Bench ticket ' || g || ': ' || (${words})[1 + g % 20] || ' ' || (${words})[1 + (g / 20) % 20] || ' problem',
             1, c.id, ${opts.articlesPerTicket}, 11, 2,
             now() - make_interval(mins => g), now() - make_interval(mins => g), c.id, c.id,
             now() - make_interval(mins => g), now() - make_interval(mins => g)
        FROM generate_series(1, ${opts.tickets}) g
        JOIN bench_customers c ON c.k = g % ${opts.customers};
      SELECT setval('ticket_number_seq', 1000 + ${opts.tickets} + 1);
    `);
    opts.log(
      `  tickets in ${((Date.now() - t0) / 1000).toFixed(1)} s; seeding ${opts.tickets * opts.articlesPerTicket} articles…`,
    );
    const t1 = Date.now();
    await db.exec(`
      INSERT INTO ticket_articles (ticket_id, type_id, sender_id, "from", subject, content_type, body,
                                   internal, created_by_id, updated_by_id, created_at, updated_at)
      SELECT t.id, CASE WHEN a = 1 THEN 11 ELSE 10 END, CASE WHEN a = 2 THEN 1 ELSE 2 END,
             'Bench Customer', t.title, 'text/plain',
             'Article ' || a || ' of ticket ' || t.id || '. The ' || (${words})[1 + (t.id + a) % 20] ||
             ' does not work since ' || (${words})[1 + (t.id * a) % 20] || ' was changed; please help.',
             a = 3, t.customer_id, t.customer_id, t.created_at + make_interval(mins => a), t.created_at + make_interval(mins => a)
        FROM tickets t CROSS JOIN generate_series(1, ${opts.articlesPerTicket}) a
       WHERE t.title LIKE 'Bench ticket %';
    `);
    opts.log(`  articles in ${((Date.now() - t1) / 1000).toFixed(1)} s; analysing…`);
    await db.exec('ANALYZE');
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
