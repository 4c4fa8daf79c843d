/*
 * The demo's history for the reports: about 4,000 tickets over the last 400 days (plan in
 * history-plan.ts) with their conversations, triage moves, reassignments, closings, reopenings
 * and SLA figures, written in a handful of bulk statements. Only `npm start` runs it, once, after
 * the demo seed (DESK_DEMO_HISTORY=0 turns it off); the test template never has it. History
 * tickets carry no `escalation_at`, so the worker raises no notifications for the past.
 */

import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { hashPassword } from '../domain/passwords.ts';
import { withoutRollupTriggers } from '../domain/reports/rollup.ts';
import { now } from '../lib/clock.ts';
import { type PlannedTicket, planHistory, UNIT_PLANS } from './history-plan.ts';

const AGENTS: [string, string, string[]][] = [
  ['Sofia', 'Marques', ['First-Line Support']],
  ['Jan', 'Kowalski', ['First-Line Support']],
  ['Aino', 'Virtanen', ['EGI Support', 'EGI Check-in Developers']],
  ['Pierre', 'Dubois', ['EGI Support']],
  ['Marta', 'Rossi', ['EUDAT Support']],
  ['Lars', 'Jensen', ['EOSC Portal Support']],
  ['Eva', 'Novak', ['OpenAIRE Support']],
  ['Tomas', 'Horvat', ['OpenAIRE Support', 'EOSC Portal Support']],
  ['Ines', 'Garcia', ['EGI Check-in Developers']],
];

/** Existing demo agents who also work in units (their logins). */
const DEMO_AGENTS: [string, string[]][] = [
  ['agent@example.org', ['First-Line Support']],
  ['lead@example.org', ['EGI Support', 'EUDAT Support']],
];

// Not the demo customer's (shared) organization: their portal keeps showing only the demo's tickets.
const ORGS = [
  'Institute for Marine Research',
  'Observatory of Applied Physics',
  'Centre for Digital Humanities',
];
const CUSTOMERS = 36;
const FIRST = [
  'Alex',
  'Bea',
  'Carl',
  'Dana',
  'Emil',
  'Fatima',
  'Gino',
  'Hana',
  'Ivan',
  'Julia',
  'Karl',
  'Lena',
];
const LAST = ['Berg', 'Costa', 'Fischer'];

async function ids(db: Db, sql: string, params: unknown[] = []): Promise<Map<string, number>> {
  const rows = await db.query<{ name: string; id: number }>(sql, params);
  return new Map(rows.map((r) => [r.name, r.id]));
}

async function insertUsers(
  db: Db,
  users: { login: string; firstname: string; lastname: string; org: number | null }[],
  role: string,
): Promise<number[]> {
  // One unusable password for all: these people exist for the figures, nobody signs in as them.
  const password = await hashPassword(`history-${Math.random()}-${Date.now()}`);
  const rows = await db.query<{ id: number; login: string }>(
    `INSERT INTO users (login, email, firstname, lastname, password, organization_id, verified)
     SELECT l, l, f, s, $5, o, true FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS x(l, f, s, o)
     RETURNING id, login`,
    [
      users.map((u) => u.login),
      users.map((u) => u.firstname),
      users.map((u) => u.lastname),
      users.map((u) => u.org),
      password,
    ],
  );
  const byLogin = new Map(rows.map((r) => [r.login, r.id]));
  const out = users.map((u) => byLogin.get(u.login) as number);
  await db.query(
    'INSERT INTO roles_users (user_id, role_id) SELECT unnest($1::int[]), id FROM roles WHERE name = $2',
    [out, role],
  );
  return out;
}

/** Agents per unit (index as in UNIT_PLANS), the history agents made here plus the demo's. */
async function unitAgents(db: Db, groups: Map<string, number>): Promise<number[][]> {
  const made = await insertUsers(
    db,
    AGENTS.map(([f, s]) => ({
      login: `${f}.${s}@support.example.org`.toLowerCase(),
      firstname: f,
      lastname: s,
      org: null,
    })),
    'Agent',
  );
  const byUnit = UNIT_PLANS.map(() => [] as number[]);
  const add = (userId: number, units: string[]) => {
    for (const u of units) byUnit[UNIT_PLANS.findIndex((p) => p.name === u)]?.push(userId);
  };
  AGENTS.forEach(([, , units], i) => {
    add(made[i] as number, units);
  });
  for (const [login, units] of DEMO_AGENTS) {
    const user = await one<{ id: number }>(db, 'SELECT id FROM users WHERE login = $1', [login]);
    if (user) add(user.id, units);
  }
  const pairs = AGENTS.flatMap(([, , units], i) =>
    units.map((u) => [made[i] as number, groups.get(u) as number]),
  );
  await db.query(
    `INSERT INTO groups_users (user_id, group_id, access) SELECT u, g, 'full' FROM unnest($1::int[], $2::int[]) AS x(u, g)
     ON CONFLICT DO NOTHING`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  return byUnit;
}

async function customers(db: Db): Promise<{ id: number; org: number }[]> {
  const orgs: number[] = [];
  for (const name of ORGS) {
    const row =
      (await one<{ id: number }>(db, 'SELECT id FROM organizations WHERE name = $1', [name])) ??
      (await one<{ id: number }>(
        db,
        'INSERT INTO organizations (name, shared) VALUES ($1, false) RETURNING id',
        [name],
      ));
    orgs.push((row as { id: number }).id);
  }
  const users = Array.from({ length: CUSTOMERS }, (_, i) => {
    const firstname = FIRST[i % FIRST.length] as string;
    const lastname = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
    return {
      login: `${firstname}.${lastname}.${i}@research.example.net`.toLowerCase(),
      firstname,
      lastname,
      org: orgs[i % orgs.length] as number,
    };
  });
  const made = await insertUsers(db, users, 'Customer');
  return made.map((id, i) => ({ id, org: users[i]?.org as number }));
}

/** Writes the demo history once per database (setting `demo_history_seeded`); false if it was there. */
export async function seedDemoHistory(db: Db, systemId: number, tickets = 4000): Promise<boolean> {
  if (await one(db, "SELECT 1 FROM settings WHERE name = 'demo_history_seeded'")) return false;
  await db.tx(async (tx) => {
    const groups = await ids(tx, 'SELECT name, id FROM groups WHERE name = ANY($1)', [
      UNIT_PLANS.map((u) => u.name),
    ]);
    if (groups.size !== UNIT_PLANS.length) throw new Error('seedDemoHistory needs the demo units');
    const agents = await unitAgents(tx, groups);
    const people = await customers(tx);
    const plan = planHistory(now(), {
      tickets,
      agentsPerUnit: agents.map((a) => a.length),
      customers: people.length,
    });
    // Bulk: the reports' rollup is rebuilt once after it (its triggers work a ticket at a time).
    await withoutRollupTriggers(tx, () => writeTickets(tx, systemId, plan, { groups, agents, people }));
    await tx.query(`INSERT INTO settings (name, value) VALUES ('demo_history_seeded', 'true')`);
  });
  // Fresh statistics after the bulk load, so the first reports get good plans.
  await db.exec('ANALYZE tickets, ticket_articles, histories');
  return true;
}

interface Refs {
  groups: Map<string, number>;
  agents: number[][];
  people: { id: number; org: number }[];
}

const INSERT_TICKETS = `
  INSERT INTO tickets (number, title, group_id, priority_id, state_id, owner_id, customer_id, organization_id,
      eosc_ticket_type, eosc_service, create_article_type_id, create_article_sender_id, article_count,
      first_response_at, first_response_in_min, first_response_diff_in_min, first_response_escalation_at,
      close_at, last_close_at, close_in_min, pending_time, last_contact_at, last_contact_agent_at,
      last_contact_customer_at, created_by_id, updated_by_id, created_at, updated_at)
  SELECT n, ti, g, p, s, o, c, org, ty, sv, ch, 2, ac, fra, frm, frd, fre, ca, lca, cm, pt, lc, lca2, lcc, c, o,
         cr, up
    FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[],
                $9::text[], $10::text[], $11::int[], $12::int[], $13::timestamptz[], $14::int[], $15::int[],
                $16::timestamptz[], $17::timestamptz[], $18::timestamptz[], $19::int[], $20::timestamptz[],
                $21::timestamptz[], $22::timestamptz[], $23::timestamptz[], $24::timestamptz[],
                $25::timestamptz[])
      AS x(n, ti, g, p, s, o, c, org, ty, sv, ch, ac, fra, frm, frd, fre, ca, lca, cm, pt, lc, lca2, lcc, cr, up)
  RETURNING id, number`;

interface Lookups extends ChangeRefs {
  types: Map<string, number>;
  priorities: number[];
  numbers: string[];
  people: Refs['people'];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** When the ticket's last (agent's, customer's) communication was; notes do not count. */
function lastContact(t: PlannedTicket, sender?: string): string | null {
  return iso(
    t.articles
      .filter((a) => a.type !== 'note' && (!sender || a.sender === sender))
      .reduce<Date | null>((m, a) => (m && m > a.at ? m : a.at), null),
  );
}

/** The parameters of INSERT_TICKETS: one array per column, in its order. */
function ticketColumns(plan: PlannedTicket[], l: Lookups): unknown[][] {
  const col = <T>(f: (t: PlannedTicket, i: number) => T) => plan.map(f);
  return [
    l.numbers,
    col((t) => (t.articles[0]?.body ?? 'Question').split('. ')[0] as string),
    col((t) => l.groupOf(t.unit)),
    col((t) => l.priorities[Math.min(t.priority, l.priorities.length) - 1] ?? 2),
    col((t) => l.states.get(t.state) as number),
    col((t) => l.ownerOf(t, t.owner)),
    col((t) => l.people[t.customer]?.id as number),
    col((t) => l.people[t.customer]?.org as number),
    col((t) => t.type),
    col((t) => t.service),
    col((t) => l.types.get(t.channel) as number),
    col((t) => t.articles.length),
    col((t) => iso(t.firstResponseAt)),
    col((t) => t.firstResponseMin),
    col((t) => (t.firstResponseMin === null ? null : t.firstResponseTarget - t.firstResponseMin)),
    col((t) => iso(t.firstResponseDue)),
    col((t) => iso(t.closeAt)),
    col((t) => iso(t.lastCloseAt)),
    col((t) => t.closeMin),
    col((t) => iso(t.pendingTime)),
    col((t) => lastContact(t)),
    col((t) => lastContact(t, 'Agent')),
    col((t) => lastContact(t, 'Customer')),
    col((t) => iso(t.created)),
    col((t) => iso(t.articles.reduce((m, a) => (m > a.at ? m : a.at), t.created))),
  ];
}

async function writeTickets(db: Db, systemId: number, plan: PlannedTicket[], refs: Refs): Promise<void> {
  const prefix = String(systemId);
  const counters = await db.query<{ n: number }>(
    "SELECT nextval('ticket_number_seq')::int AS n FROM generate_series(1, $1::int)",
    [plan.length],
  );
  const l: Lookups = {
    states: await ids(db, 'SELECT name, id FROM ticket_states'),
    types: await ids(db, 'SELECT name, id FROM ticket_article_types'),
    priorities: (await db.query<{ id: number }>('SELECT id FROM ticket_priorities ORDER BY id')).map(
      (p) => p.id,
    ),
    // As rules.ts nextNumber: the system id, then the counter.
    numbers: counters.map((c) => prefix + String(c.n).padStart(Math.max(5 - prefix.length, 0), '0')),
    people: refs.people,
    groupOf: (unit) => refs.groups.get(UNIT_PLANS[unit]?.name as string) as number,
    ownerOf: (t, index) => (index === null ? 1 : ((refs.agents[t.unit] ?? [])[index] ?? 1)),
  };
  const rows = await db.query<{ id: number; number: string }>(INSERT_TICKETS, ticketColumns(plan, l));
  const byNumber = new Map(rows.map((r) => [r.number, r.id]));
  const ticketIds = l.numbers.map((n) => byNumber.get(n) as number);
  await writeArticles(db, plan, ticketIds, l.types, (t, sender) =>
    sender === 'Customer' ? (refs.people[t.customer]?.id as number) : l.ownerOf(t, t.owner),
  );
  await writeChanges(db, plan, ticketIds, l);
}

async function writeArticles(
  db: Db,
  plan: PlannedTicket[],
  ticketIds: number[],
  types: Map<string, number>,
  author: (t: PlannedTicket, sender: string) => number,
): Promise<void> {
  const flat = plan.flatMap((t, i) =>
    [...t.articles]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((a) => ({ t, id: ticketIds[i] as number, a })),
  );
  await db.query(
    `INSERT INTO ticket_articles (ticket_id, type_id, sender_id, body, internal, created_by_id, updated_by_id,
        created_at, updated_at)
     SELECT t, ty, se.id, b, i, u, u, at, at
       FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::boolean[], $6::int[], $7::timestamptz[])
         AS x(t, ty, sender, b, i, u, at)
       JOIN ticket_article_senders se ON se.name = x.sender`,
    [
      flat.map((f) => f.id),
      flat.map((f) => types.get(f.a.type) as number),
      flat.map((f) => f.a.sender),
      flat.map((f) => f.a.body),
      flat.map((f) => f.a.internal),
      flat.map((f) => author(f.t, f.a.sender)),
      flat.map((f) => f.a.at.toISOString()),
    ],
  );
}

interface ChangeRow {
  o: number;
  attr: string;
  vf: string | null;
  vt: string | null;
  f: number | null;
  t: number | null;
  at: Date;
  by: number;
}

interface ChangeRefs {
  states: Map<string, number>;
  groupOf: (unit: number) => number;
  ownerOf: (t: PlannedTicket, index: number | null) => number;
}

/** One ticket's history rows: created, triage move, state changes, a change of owner. */
function changeRows(
  t: PlannedTicket,
  o: number,
  refs: ChangeRefs,
  stateName: Map<number, string>,
): ChangeRow[] {
  const by = refs.ownerOf(t, t.owner);
  const rows: ChangeRow[] = [{ o, attr: '', vf: null, vt: null, f: null, t: null, at: t.created, by: 1 }];
  for (const c of t.changes) {
    if (c.attribute === 'state') {
      const [vf, vt] = [stateName.get(c.from as number) ?? null, stateName.get(c.to as number) ?? null];
      rows.push({ o, attr: 'state', vf, vt, f: c.from, t: c.to, at: c.at, by });
    } else if (c.attribute === 'group') {
      const [from, to] = [refs.groupOf(c.from as number), refs.groupOf(c.to as number)];
      const [vf, vt] = [UNIT_PLANS[c.from as number]?.name ?? null, UNIT_PLANS[c.to as number]?.name ?? null];
      rows.push({ o, attr: 'group', vf, vt, f: from, t: to, at: c.at, by: 1 });
    }
  }
  if (t.formerOwner !== null && t.firstResponseAt) {
    const at = new Date(t.firstResponseAt.getTime() + 3_600_000);
    rows.push({ o, attr: 'owner', vf: null, vt: null, f: refs.ownerOf(t, t.formerOwner), t: by, at, by });
  }
  return rows;
}

async function writeChanges(
  db: Db,
  plan: PlannedTicket[],
  ticketIds: number[],
  refs: ChangeRefs,
): Promise<void> {
  const stateName = new Map([...refs.states].map(([name, id]) => [id, name]));
  const rows = plan.flatMap((t, i) => changeRows(t, ticketIds[i] as number, refs, stateName));
  await db.query(
    // Owner changes show people by name, as tickets/history.ts writes them.
    `INSERT INTO histories (o_id, object, type, attribute, value_from, value_to, id_from, id_to, created_by_id, created_at)
     SELECT o, 'Ticket', CASE WHEN a = '' THEN 'created' ELSE 'updated' END, NULLIF(a, ''),
            CASE WHEN a = 'owner' THEN trim(uf.firstname || ' ' || uf.lastname) ELSE vf END,
            CASE WHEN a = 'owner' THEN trim(ut.firstname || ' ' || ut.lastname) ELSE vt END, f, t, b, at
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::timestamptz[])
         AS x(o, a, vf, vt, f, t, b, at)
       LEFT JOIN users uf ON a = 'owner' AND uf.id = x.f
       LEFT JOIN users ut ON a = 'owner' AND ut.id = x.t`,
    [
      rows.map((r) => r.o),
      rows.map((r) => r.attr),
      rows.map((r) => r.vf),
      rows.map((r) => r.vt),
      rows.map((r) => r.f),
      rows.map((r) => r.t),
      rows.map((r) => r.by),
      rows.map((r) => r.at.toISOString()),
    ],
  );
}
