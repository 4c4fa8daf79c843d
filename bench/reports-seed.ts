// Seeds a reporting database of N tickets (about 3 articles each) over the last two years, by
// set-based SQL straight into the desk's tables after its own migrations and demo data: what the
// desk would have written (articles, state and group history, SLA figures, the search index by
// the desk's own statement-level triggers), spread over the demo units, priorities, services,
// types and channels, with closings, reopenings and merges. Reused when `dir` holds a finished
// seed of the same N (seed.json).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, openDb } from '../apps/desk/src/db/client.ts';
import { migrate } from '../apps/desk/src/db/migrate.ts';
import { seedDemo } from '../apps/desk/src/seed/demo.ts';

export const SYSTEM_ID = 31;
const CHUNK = 100_000;
const AGENTS = 40;
const CUSTOMERS = 2000;
const DAYS = 730;

export interface ReportSeedInfo {
  tickets: number;
  articles: number;
  histories: number;
  seconds: number;
  seededAt: string;
}

export async function ensureReportSeed(opts: {
  dir: string;
  databaseUrl?: string | undefined;
  tickets: number;
  log: (msg: string) => void;
}): Promise<ReportSeedInfo & { reused: boolean }> {
  const marker = join(opts.dir, 'seed.json');
  if (existsSync(marker)) {
    const info = JSON.parse(readFileSync(marker, 'utf8')) as ReportSeedInfo;
    if (info.tickets === opts.tickets) return { ...info, reused: true };
  }
  if (opts.databaseUrl) {
    // An outside server: start from an empty schema.
    const db = await openDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dir });
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await db.close();
  } else rmSync(join(opts.dir, 'pg'), { recursive: true, force: true });
  rmSync(marker, { force: true });
  const started = Date.now();
  const db = await openDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dir });
  try {
    await migrate(db);
    await seedDemo(db, SYSTEM_ID);
    await seedPeople(db);
    // The report rollups (migrations 0015, 0016) are kept by row triggers, one ticket or article
    // at a time: off for the bulk load, rebuilt in one pass after it.
    const rollup = await hasRollup(db);
    if (rollup) await setRollupTriggers(db, false);
    for (let lo = 1; lo <= opts.tickets; lo += CHUNK) {
      const hi = Math.min(opts.tickets, lo + CHUNK - 1);
      const t0 = Date.now();
      await seedChunk(db, lo, hi, opts.tickets);
      opts.log(`  tickets ${lo}–${hi} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    await db.exec(`
      SELECT setval('tickets_id_seq', (SELECT max(id) FROM tickets));
      SELECT setval('ticket_number_seq', ${10_000_000 + opts.tickets + 1});
    `);
    if (rollup) {
      const t0 = Date.now();
      await db.exec('SELECT report_daily_rebuild()');
      if (await hasAnswers(db)) await db.exec('SELECT report_answers_rebuild()');
      await setRollupTriggers(db, true);
      opts.log(`  report rollup rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    opts.log('  vacuum analyze…');
    await db.exec('VACUUM ANALYZE');
    const count = async (sql: string) => (await db.query<{ n: number }>(sql))[0]?.n ?? 0;
    const info: ReportSeedInfo = {
      tickets: await count(`SELECT count(*)::int AS n FROM tickets WHERE title LIKE 'Report bench %'`),
      articles: await count('SELECT count(*)::int AS n FROM ticket_articles'),
      histories: await count("SELECT count(*)::int AS n FROM histories WHERE object = 'Ticket'"),
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

export async function hasRollup(db: Db): Promise<boolean> {
  return (await db.query("SELECT 1 FROM pg_proc WHERE proname = 'report_daily_rebuild'")).length > 0;
}

/** The agents' answers per ticket and day (migration 0016), kept by triggers on the articles. */
export async function hasAnswers(db: Db): Promise<boolean> {
  return (await db.query("SELECT 1 FROM pg_proc WHERE proname = 'report_answers_rebuild'")).length > 0;
}

export async function setRollupTriggers(db: Db, on: boolean) {
  const verb = on ? 'ENABLE' : 'DISABLE';
  if (await hasAnswers(db))
    await db.exec(`
      ALTER TABLE ticket_articles ${verb} TRIGGER report_answers_article_insert;
      ALTER TABLE ticket_articles ${verb} TRIGGER report_answers_article_update;
      ALTER TABLE ticket_articles ${verb} TRIGGER report_answers_article_delete;
      ALTER TABLE tickets ${verb} TRIGGER report_answers_ticket_update;
    `);
  await db.exec(`
    ALTER TABLE tickets ${verb} TRIGGER report_daily_ticket_insert;
    ALTER TABLE tickets ${verb} TRIGGER report_daily_ticket_update;
    ALTER TABLE tickets ${verb} TRIGGER report_daily_ticket_delete;
    ALTER TABLE histories ${verb} TRIGGER report_daily_history_insert;
    ALTER TABLE histories ${verb} TRIGGER report_daily_history_update;
    ALTER TABLE histories ${verb} TRIGGER report_daily_history_delete;
  `);
}

/** Agents of every group (ticket owners) and customers. */
async function seedPeople(db: Db) {
  await db.exec(`
    INSERT INTO users (login, email, firstname, lastname, verified)
    SELECT 'report-agent-' || g || '@example.org', 'report-agent-' || g || '@example.org', 'Agent', 'Number ' || g, true
      FROM generate_series(1, ${AGENTS}) g;
    INSERT INTO roles_users (user_id, role_id)
    SELECT u.id, r.id FROM users u, roles r WHERE u.login LIKE 'report-agent-%' AND r.name = 'Agent';
    INSERT INTO groups_users (user_id, group_id, access)
    SELECT u.id, g.id, 'full' FROM users u, groups g WHERE u.login LIKE 'report-agent-%';
    INSERT INTO users (login, email, firstname, lastname, verified)
    SELECT 'report-customer-' || g || '@example.org', 'report-customer-' || g || '@example.org', 'Customer', 'Number ' || g, true
      FROM generate_series(1, ${CUSTOMERS}) g;
    INSERT INTO roles_users (user_id, role_id)
    SELECT u.id, r.id FROM users u, roles r WHERE u.login LIKE 'report-customer-%' AND r.name = 'Customer';
  `);
}

/**
 * Tickets lo..hi of n, oldest first: ticket g is created at (g / n) of the two years. A plan
 * table draws each ticket's fate once; tickets, articles and histories are written from it.
 */
async function seedChunk(db: Db, lo: number, hi: number, n: number) {
  await db.exec(`
    DROP TABLE IF EXISTS report_seed_plan;
    CREATE TEMP TABLE report_seed_plan AS
    WITH ref AS (
      SELECT (SELECT array_agg(id ORDER BY id) FROM groups) AS groups,
             (SELECT array_agg(id ORDER BY id) FROM ticket_priorities) AS priorities,
             (SELECT array_agg(key ORDER BY key) FROM eosc_services) AS services,
             (SELECT array_agg(id ORDER BY id) FROM users WHERE login LIKE 'report-agent-%') AS agents,
             (SELECT min(id) FROM users WHERE login LIKE 'report-customer-%') AS customer0,
             (SELECT id FROM ticket_article_types WHERE name = 'email') AS email,
             (SELECT id FROM ticket_article_types WHERE name = 'web') AS web,
             (SELECT id FROM ticket_article_types WHERE name = 'phone') AS phone,
             (SELECT max(id) FROM tickets) AS id0,
             now() AS now),
    r AS (
      SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
             random() AS r6, random() AS r7, random() AS r8,
             ref.now - make_interval(secs => ${DAYS} * 86400.0 * (1 - (g - random()) / ${n})) AS cr
        FROM generate_series(${lo}, ${hi}) g, ref),
    fate AS (
      SELECT r.*,
             r.cr + make_interval(mins => (30 + r2 * r2 * 7 * 1440)::int) AS close_try,
             least(0.93, extract(epoch FROM ref.now - r.cr) / 86400.0 / 10) AS p_closed
        FROM r, ref),
    p AS (
      SELECT f.*,
             f.r1 < 0.015 AS merged,
             f.r1 >= 0.015 AND f.r3 < f.p_closed AND f.close_try < ref.now AS closed_once,
             (f.r4 * f.r4 * 960)::int AS fr_min
        FROM fate f, ref)
    SELECT ref.id0 + p.g AS id, p.g, p.cr,
           ref.groups[1 + floor(p.r5 * array_length(ref.groups, 1))::int] AS group_id,
           ref.priorities[1 + floor(p.r6 * p.r6 * array_length(ref.priorities, 1))::int] AS priority_id,
           CASE WHEN p.r7 < 0.15 THEN NULL
                ELSE ref.services[1 + floor(p.r8 * array_length(ref.services, 1))::int] END AS service,
           CASE WHEN p.r7 < 0.6 THEN 'incident' ELSE 'service_request' END AS ticket_type,
           CASE WHEN p.r2 < 0.5 THEN ref.email WHEN p.r2 < 0.85 THEN ref.web ELSE ref.phone END AS channel,
           CASE WHEN p.r8 < 0.05 THEN 1 ELSE ref.agents[1 + (p.g % array_length(ref.agents, 1))] END AS owner_id,
           ref.customer0 + (p.g % ${CUSTOMERS}) AS customer_id,
           p.merged,
           CASE WHEN p.merged AND p.cr + interval '2 hours' < ref.now THEN p.cr + interval '2 hours' END AS merged_at,
           CASE WHEN p.closed_once THEN p.close_try END AS close_at,
           -- Reopened: 7 % of the closed, some time after closing; most of them closed again.
           CASE WHEN p.closed_once AND p.r4 < 0.07
                 AND p.close_try + make_interval(mins => (60 + p.r3 * 4320)::int) < ref.now
                THEN p.close_try + make_interval(mins => (60 + p.r3 * 4320)::int) END AS reopen_at,
           CASE WHEN p.closed_once AND p.r4 < 0.06
                 AND p.close_try + make_interval(mins => (120 + p.r3 * 8640)::int) < ref.now
                THEN p.close_try + make_interval(mins => (120 + p.r3 * 8640)::int) END AS reclose_at,
           -- First response: 92 % of those not merged, within working minutes fr_min of creation.
           CASE WHEN NOT p.merged AND p.r6 < 0.92 AND p.cr + make_interval(mins => p.fr_min) < ref.now
                 AND (NOT p.closed_once OR p.cr + make_interval(mins => p.fr_min) < p.close_try)
                THEN p.fr_min END AS fr_min,
           p.r3, p.r5, ref.now
      FROM p, ref;
  `);
  await db.exec(`
    INSERT INTO tickets (id, group_id, priority_id, state_id, organization_id, number, title, owner_id, customer_id,
        eosc_ticket_type, eosc_service, create_article_type_id, create_article_sender_id, article_count,
        first_response_at, first_response_in_min, first_response_diff_in_min, first_response_escalation_at,
        close_at, last_close_at, close_in_min, last_contact_at, created_by_id, updated_by_id, created_at, updated_at)
    SELECT x.id, x.group_id, x.priority_id,
           CASE WHEN x.merged THEN (SELECT id FROM ticket_states WHERE name = 'merged')
                WHEN x.close_at IS NOT NULL AND (x.reopen_at IS NULL OR x.reclose_at IS NOT NULL)
                  THEN (SELECT id FROM ticket_states WHERE name = 'closed')
                WHEN x.fr_min IS NULL THEN (SELECT id FROM ticket_states WHERE name = 'new')
                WHEN x.r5 < 0.1 THEN (SELECT id FROM ticket_states WHERE name = 'pending reminder')
                ELSE (SELECT id FROM ticket_states WHERE name = 'open') END,
           NULL, '${SYSTEM_ID}' || (10000000 + x.g), 'Report bench ticket ' || x.g, x.owner_id, x.customer_id,
           x.ticket_type, x.service, x.channel, (SELECT id FROM ticket_article_senders WHERE name = 'Customer'), 3,
           x.cr + make_interval(mins => x.fr_min), x.fr_min, 480 - x.fr_min,
           CASE WHEN NOT x.merged THEN x.cr + interval '8 hours' END,
           x.close_at, coalesce(x.reclose_at, x.close_at),
           CASE WHEN x.close_at IS NOT NULL THEN (extract(epoch FROM x.close_at - x.cr) / 180)::int END,
           x.cr, x.customer_id, x.customer_id, x.cr,
           greatest(x.cr, x.close_at, x.reopen_at, x.reclose_at, x.merged_at)
      FROM report_seed_plan x;
  `);
  // Articles: the customer's request (the channel), the agent's answer (or an internal note when
  // unanswered), a customer follow-up.
  await db.exec(`
    INSERT INTO ticket_articles (ticket_id, type_id, sender_id, "from", subject, content_type, body, internal,
        created_by_id, updated_by_id, created_at, updated_at)
    SELECT x.id,
           CASE a WHEN 1 THEN x.channel
                  WHEN 2 THEN CASE WHEN x.fr_min IS NULL THEN (SELECT id FROM ticket_article_types WHERE name = 'note')
                                   ELSE (SELECT id FROM ticket_article_types WHERE name = 'email') END
                  ELSE (SELECT id FROM ticket_article_types WHERE name = 'web') END,
           CASE WHEN a = 2 THEN (SELECT id FROM ticket_article_senders WHERE name = 'Agent')
                ELSE (SELECT id FROM ticket_article_senders WHERE name = 'Customer') END,
           CASE WHEN a = 2 THEN 'Agent' ELSE 'Customer' END, 'Report bench ticket ' || x.g, 'text/plain',
           'Message ' || a || ' about report bench ticket ' || x.g || '.',
           a = 2 AND x.fr_min IS NULL,
           CASE WHEN a = 2 THEN CASE WHEN x.owner_id = 1 THEN (SELECT min(id) FROM users WHERE login LIKE 'report-agent-%')
                                     ELSE x.owner_id END ELSE x.customer_id END,
           x.customer_id,
           least(x.now, CASE a WHEN 1 THEN x.cr
                               WHEN 2 THEN coalesce(x.cr + make_interval(mins => x.fr_min), x.cr + interval '10 minutes')
                               ELSE coalesce(x.cr + make_interval(mins => x.fr_min), x.cr) + interval '1 day' END),
           least(x.now, x.cr + make_interval(days => a - 1))
      FROM report_seed_plan x CROSS JOIN generate_series(1, 3) a;
  `);
  // History: created; a triage move from the first line for a tenth; state changes.
  await db.exec(`
    WITH st AS (SELECT name, id FROM ticket_states),
    s AS (SELECT (SELECT id FROM st WHERE name = 'new') AS new, (SELECT id FROM st WHERE name = 'open') AS open,
                 (SELECT id FROM st WHERE name = 'closed') AS closed, (SELECT id FROM st WHERE name = 'merged') AS merged,
                 (SELECT min(id) FROM groups WHERE id <> 1) AS first_line),
    ev AS (
      SELECT x.id, 'created' AS type, NULL AS attr, NULL::int AS f, NULL::int AS t, x.cr AS at FROM report_seed_plan x
      UNION ALL
      SELECT x.id, 'updated', 'group', s.first_line, x.group_id, x.cr + interval '20 minutes'
        FROM report_seed_plan x, s WHERE x.r3 < 0.1 AND x.group_id <> s.first_line AND x.cr + interval '20 minutes' < x.now
      UNION ALL
      SELECT x.id, 'updated', 'state', s.new, s.open, x.cr + make_interval(mins => x.fr_min)
        FROM report_seed_plan x, s WHERE x.fr_min IS NOT NULL
      UNION ALL
      SELECT x.id, 'updated', 'state', CASE WHEN x.fr_min IS NULL THEN s.new ELSE s.open END, s.closed, x.close_at
        FROM report_seed_plan x, s WHERE x.close_at IS NOT NULL
      UNION ALL
      SELECT x.id, 'updated', 'state', s.closed, s.open, x.reopen_at FROM report_seed_plan x, s WHERE x.reopen_at IS NOT NULL
      UNION ALL
      SELECT x.id, 'updated', 'state', s.open, s.closed, x.reclose_at FROM report_seed_plan x, s WHERE x.reclose_at IS NOT NULL
      UNION ALL
      SELECT x.id, 'updated', 'state', s.new, s.merged, x.merged_at FROM report_seed_plan x, s WHERE x.merged_at IS NOT NULL)
    INSERT INTO histories (o_id, object, type, attribute, value_from, value_to, id_from, id_to, created_by_id, created_at)
    SELECT ev.id, 'Ticket', ev.type, ev.attr,
           CASE ev.attr WHEN 'state' THEN (SELECT name FROM ticket_states WHERE id = ev.f)
                        WHEN 'group' THEN (SELECT name FROM groups WHERE id = ev.f) END,
           CASE ev.attr WHEN 'state' THEN (SELECT name FROM ticket_states WHERE id = ev.t)
                        WHEN 'group' THEN (SELECT name FROM groups WHERE id = ev.t) END,
           ev.f, ev.t, 1, ev.at
      FROM ev ORDER BY ev.at;
    DROP TABLE report_seed_plan;
  `);
}
