// Seeds the browser benchmark's database once (.bench/browser): the desk's migrations and demo
// data (accounts, knowledge base), then, by bulk SQL, enough unassigned open tickets in the
// demo agent's groups that the "Unassigned & Open Tickets" overview holds exactly
// `overviewTickets`, and one ticket with `articles` articles (plain text and HTML, some
// internal notes) owned by the demo agent.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../apps/desk/src/db/client.ts';
import { migrate } from '../apps/desk/src/db/migrate.ts';
import { FIRST_LINE_GROUP } from '../apps/desk/src/domain/services.ts';
import { seedDemo } from '../apps/desk/src/seed/demo.ts';
import { SYSTEM_ID } from './seed.ts';

export interface BrowserSeedInfo {
  /** The overview's link and how many tickets it holds for the demo agent. */
  overview: { link: string; name: string; tickets: number };
  /** The ticket with many articles. */
  bigTicket: { id: number; articles: number; internal: number; html: number };
  seconds: number;
  seededAt: string;
}

export interface BrowserSeedOptions {
  dir: string;
  overviewTickets: number;
  articles: number;
  log: (msg: string) => void;
}

// The overview's condition (migration 0007): state new, open or pending reminder, owner not set.
const UNASSIGNED_OPEN = `owner_id = 1 AND state_id IN (SELECT s.id FROM ticket_states s
  JOIN ticket_state_types st ON st.id = s.state_type_id WHERE st.name IN ('new', 'open', 'pending reminder'))`;

export async function ensureBrowserSeed(
  opts: BrowserSeedOptions,
): Promise<BrowserSeedInfo & { reused: boolean }> {
  const marker = join(opts.dir, 'seed.json');
  if (existsSync(marker)) {
    const info = JSON.parse(readFileSync(marker, 'utf8')) as BrowserSeedInfo;
    if (info.overview?.tickets === opts.overviewTickets && info.bigTicket?.articles === opts.articles)
      return { ...info, reused: true };
  }
  rmSync(join(opts.dir, 'pg'), { recursive: true, force: true });
  rmSync(marker, { force: true });
  const started = Date.now();
  const db = await openDb({ dataDir: opts.dir });
  try {
    await migrate(db);
    await seedDemo(db, SYSTEM_ID);
    const one = async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params))[0] as T;
    const group = await one<{ id: number }>('SELECT id FROM groups WHERE name = $1', [FIRST_LINE_GROUP]);
    const customer = await one<{ id: number; organization_id: number }>(
      `SELECT id, organization_id FROM users WHERE login = 'customer@example.org'`,
    );
    const agent = await one<{ id: number }>(`SELECT id FROM users WHERE login = 'agent@example.org'`);
    const overview = await one<{ link: string; name: string }>(
      `SELECT link, name FROM overviews WHERE link = 'all_unassigned'`,
    );
    // The demo seed's own unassigned tickets count too: top up to exactly overviewTickets.
    const existing = (
      await one<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE ${UNASSIGNED_OPEN}`)
    ).n;
    const add = opts.overviewTickets - existing;
    opts.log(`seeding ${add} unassigned open tickets…`);
    await db.exec(`
      INSERT INTO tickets (group_id, priority_id, state_id, organization_id, number, title, owner_id,
                           customer_id, article_count, create_article_type_id, create_article_sender_id,
                           last_contact_at, last_contact_customer_at, created_by_id, updated_by_id,
                           created_at, updated_at)
      SELECT ${group.id}, 1 + (g % 3), 1 + (g % 2), ${customer.organization_id},
             '${SYSTEM_ID}' || (500000 + g), 'Overview ticket ' || g || ': storage quota exceeded', 1,
             ${customer.id}, 0, 11, 2, now() - make_interval(mins => g), now() - make_interval(mins => g),
             ${customer.id}, ${customer.id}, now() - make_interval(mins => g), now() - make_interval(mins => g)
        FROM generate_series(1, ${add}) g;
    `);
    opts.log(`seeding a ticket with ${opts.articles} articles…`);
    const big = await one<{ id: number }>(
      `INSERT INTO tickets (group_id, priority_id, state_id, organization_id, number, title, owner_id,
                            customer_id, article_count, create_article_type_id, create_article_sender_id,
                            created_by_id, updated_by_id)
       VALUES ($1, 2, 2, $2, $3, 'A long conversation: data transfer between two EOSC storage services', $4,
               $5, $6, 11, 2, $5, $5) RETURNING id`,
      [group.id, customer.organization_id, `${SYSTEM_ID}900000`, agent.id, customer.id, opts.articles],
    );
    // Every 7th article an internal note, every 3rd (other) one HTML, the rest plain text;
    // customer and agent take turns.
    await db.query(
      `INSERT INTO ticket_articles (ticket_id, type_id, sender_id, "from", subject, content_type, body,
                                    internal, created_by_id, updated_by_id, created_at, updated_at)
       SELECT $1, CASE WHEN a % 7 = 0 THEN 10 ELSE 11 END,
              CASE WHEN a % 2 = 1 AND a % 7 <> 0 THEN 2 ELSE 1 END,
              CASE WHEN a % 2 = 1 AND a % 7 <> 0 THEN 'Chris Customer' ELSE 'Alex Agent' END,
              'Data transfer', CASE WHEN a % 3 = 0 AND a % 7 <> 0 THEN 'text/html' ELSE 'text/plain' END,
              CASE WHEN a % 3 = 0 AND a % 7 <> 0 THEN
                '<p>Message <strong>' || a || '</strong>: the transfer of <em>dataset-' || a || '</em> stopped at ' ||
                (a * 37 % 100) || ' %.</p><ul><li>source: storage-a.example.org</li><li>target: storage-b.example.org</li>' ||
                '<li>checksum: <code>' || md5(a::text) || '</code></li></ul><blockquote><p>Previous message quoted ' ||
                'here, as mail clients do.</p></blockquote><p>See <a href="https://example.org/status/' || a ||
                '">the status page</a>.</p>'
              ELSE
                'Message ' || a || '. The transfer of dataset-' || a || ' is still running; we see ' ||
                (a * 13 % 50) || E' retries per hour.\\n\\nCould you check the network path between the two ' ||
                E'services and tell us whether the certificate of the target was renewed?\\n\\nThanks'
              END,
              a % 7 = 0, CASE WHEN a % 2 = 1 AND a % 7 <> 0 THEN $2::int ELSE $3::int END,
              CASE WHEN a % 2 = 1 AND a % 7 <> 0 THEN $2::int ELSE $3::int END,
              now() - make_interval(mins => ($4::int - a) * 30), now() - make_interval(mins => ($4::int - a) * 30)
         FROM generate_series(1, $4::int) a`,
      [big.id, customer.id, agent.id, opts.articles],
    );
    await db.exec(`SELECT setval('ticket_number_seq', 1000000); ANALYZE;`);
    const counts = await one<{ n: number; internal: number; html: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE internal)::int AS internal,
              count(*) FILTER (WHERE content_type = 'text/html')::int AS html
         FROM ticket_articles WHERE ticket_id = $1`,
      [big.id],
    );
    const info: BrowserSeedInfo = {
      overview: {
        link: overview.link,
        name: overview.name,
        tickets: (await one<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE ${UNASSIGNED_OPEN}`))
          .n,
      },
      bigTicket: { id: big.id, articles: counts.n, internal: counts.internal, html: counts.html },
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
