/**
 * Data for the search tests: extra users, a group the demo agent cannot read, and tickets
 * tagged with the marker word `kiwi` so queries can be narrowed to them.
 */
import { expect } from 'vitest';
import { one } from '../src/db/client.ts';
import { hashPassword } from '../src/domain/passwords.ts';
import { type Credentials, json, type RunningDesk } from './harness.ts';

async function idOf(desk: RunningDesk, sql: string): Promise<number> {
  const row = await one<{ id: number }>(desk.db, sql);
  if (!row) throw new Error(`no row: ${sql}`);
  return row.id;
}

export interface Fixture {
  /** Ticket ids by letter. */
  t: Record<'A' | 'B' | 'C' | 'D' | 'E', number>;
  numbers: Record<'A' | 'B' | 'C' | 'D' | 'E', string>;
  users: { customer: number; colleague: number; customerB: number; agent: number; lonely: number };
  groups: { secret: number };
  creds: { colleague: Credentials; customerB: Credentials; lonely: Credentials; hybrid: Credentials };
}

async function insertUser(
  desk: RunningDesk,
  u: { login: string; firstname: string; lastname: string; password: string; org?: number | null },
  roles: string[],
): Promise<number> {
  const row = (await one<{ id: number }>(
    desk.db,
    `INSERT INTO users (login, email, firstname, lastname, password, organization_id, verified)
     VALUES ($1, $1, $2, $3, $4, $5, true) RETURNING id`,
    [u.login, u.firstname, u.lastname, await hashPassword(u.password), u.org ?? null],
  )) as { id: number };
  await desk.db.query(
    'INSERT INTO roles_users (user_id, role_id) SELECT $1, id FROM roles WHERE name = ANY($2)',
    [row.id, roles],
  );
  return row.id;
}

async function createTicket(
  desk: RunningDesk,
  body: Record<string, unknown>,
): Promise<{ id: number; number: string }> {
  const res = await desk.api('/tickets', { as: 'admin', method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return json(res);
}

async function article(
  desk: RunningDesk,
  ticketId: number,
  a: { from?: string; to?: string; subject?: string; body: string; internal?: boolean; html?: boolean },
) {
  await desk.db.query(
    `INSERT INTO ticket_articles (ticket_id, type_id, sender_id, "from", "to", subject, body, internal, content_type)
     VALUES ($1, 1, 2, $2, $3, $4, $5, $6, $7)`,
    [
      ticketId,
      a.from ?? null,
      a.to ?? null,
      a.subject ?? null,
      a.body,
      a.internal ?? false,
      a.html ? 'text/html' : 'text/plain',
    ],
  );
}

export async function buildFixture(desk: RunningDesk): Promise<Fixture> {
  const db = desk.db;
  const demoOrg = await idOf(desk, "SELECT id FROM organizations WHERE name = 'Demo University'");
  const otherOrg = await idOf(
    desk,
    "INSERT INTO organizations (name, shared, domain) VALUES ('Other Institute', false, 'other.example') RETURNING id",
  );
  const secret = await idOf(
    desk,
    "INSERT INTO groups (name, name_last) VALUES ('Secret Lab', 'Secret Lab') RETURNING id",
  );
  const admin = await idOf(desk, "SELECT id FROM users WHERE login = 'admin@example.org'");
  await db.query(`INSERT INTO groups_users (user_id, group_id, access) VALUES ($1, $2, 'full')`, [
    admin,
    secret,
  ]);
  const customer = await idOf(desk, "SELECT id FROM users WHERE login = 'customer@example.org'");
  const agent = await idOf(desk, "SELECT id FROM users WHERE login = 'agent@example.org'");
  const colleague = await insertUser(
    desk,
    {
      login: 'carla@example.org',
      firstname: 'Carla',
      lastname: 'Colleague',
      password: 'carla-pass-123',
      org: demoOrg,
    },
    ['Customer'],
  );
  const customerB = await insertUser(
    desk,
    {
      login: 'bob@other.example',
      firstname: 'Bob',
      lastname: 'Builder',
      password: 'bob-pass-123',
      org: otherOrg,
    },
    ['Customer'],
  );
  // An agent who may read only the Secret Lab group.
  const lonely = await insertUser(
    desk,
    { login: 'lonely@example.org', firstname: 'Lonny', lastname: 'Lonely', password: 'lonely-pass-123' },
    ['Agent'],
  );
  await db.query(`INSERT INTO groups_users (user_id, group_id, access) VALUES ($1, $2, 'read')`, [
    lonely,
    secret,
  ]);
  // Agent and customer at once: agent for Secret Lab, customer of their own tickets.
  const hybrid = await insertUser(
    desk,
    { login: 'hybrid@other.example', firstname: 'Hy', lastname: 'Brid', password: 'hybrid-pass-123' },
    ['Agent', 'Customer'],
  );
  await db.query(`INSERT INTO groups_users (user_id, group_id, access) VALUES ($1, $2, 'full')`, [
    hybrid,
    secret,
  ]);

  const A = await createTicket(desk, {
    title: 'kiwi Printer on fire',
    group: 'Users',
    customer_id: customer,
    state: 'open',
    priority: '3 high',
    owner: 'agent@example.org',
    tags: 'hardware,urgent',
    article: { body: 'first contact', type: 'note' },
  });
  await article(desk, A.id, {
    from: 'Chris Customer <customer@example.org>',
    to: 'support@desk.example',
    subject: 'Smoke alarm',
    body: 'The laser printer emits smoke since Monday',
  });
  await article(desk, A.id, {
    from: 'Alex Agent',
    body: 'confidentialxyz escalate to facilities',
    internal: true,
  });

  const B = await createTicket(desk, {
    title: 'kiwi VPN access',
    group: 'First-Line Support',
    customer_id: customerB,
    state: 'new',
    priority: '2 normal',
    tags: 'network',
    article: { body: 'please grant vpn for the refund team', type: 'note' },
  });
  await article(desk, B.id, {
    from: 'Bob Builder <bob@other.example>',
    to: 'helpdesk@desk.example',
    subject: 'Tunnel',
    body: '<p>The <b>tunnel</b> drops every hour</p>',
    html: true,
  });

  const C = await createTicket(desk, {
    title: 'kiwi zebra crossing',
    group: 'Secret Lab',
    customer_id: customer,
    state: 'closed',
    priority: '1 low',
    article: { body: 'zebra stripes everywhere', type: 'note' },
  });

  const D = await createTicket(desk, {
    title: 'kiwi storage quota',
    group: 'Users',
    customer_id: colleague,
    article: { body: 'quota exceeded on project space', type: 'note' },
  });

  const E = await createTicket(desk, {
    title: 'kiwi hybrid own ticket',
    group: 'Users',
    customer_id: hybrid,
    article: { body: 'hybridword visible', type: 'note' },
  });
  await article(desk, E.id, { from: 'Alex Agent', body: 'hybridsecret internal note', internal: true });

  await db.query(
    `UPDATE tickets SET created_at = '2024-01-15T10:00:00Z', updated_at = '2024-01-20T10:00:00Z' WHERE id = $1`,
    [A.id],
  );
  await db.query(
    `UPDATE tickets SET created_at = '2024-02-10T10:00:00Z', updated_at = '2024-02-11T10:00:00Z' WHERE id = $1`,
    [B.id],
  );
  await db.query(
    `UPDATE tickets SET created_at = '2024-03-05T10:00:00Z', updated_at = '2024-03-06T10:00:00Z', close_at = '2024-03-06T09:00:00Z' WHERE id = $1`,
    [C.id],
  );
  await db.query(`UPDATE tickets SET updated_at = now() - interval '1 hour' WHERE id = $1`, [D.id]);
  await db.query(`UPDATE tickets SET updated_at = now() - interval '2 hours' WHERE id = $1`, [E.id]);

  return {
    t: { A: A.id, B: B.id, C: C.id, D: D.id, E: E.id },
    numbers: { A: A.number, B: B.number, C: C.number, D: D.number, E: E.number },
    users: { customer, colleague, customerB, agent, lonely },
    groups: { secret },
    creds: {
      colleague: { basic: ['carla@example.org', 'carla-pass-123'] },
      customerB: { basic: ['bob@other.example', 'bob-pass-123'] },
      lonely: { basic: ['lonely@example.org', 'lonely-pass-123'] },
      hybrid: { basic: ['hybrid@other.example', 'hybrid-pass-123'] },
    },
  };
}

/** GET /tickets/search with query-string params; asserts 200. */
export async function searchTickets(
  desk: RunningDesk,
  as: Credentials,
  params: Record<string, string>,
  // biome-ignore lint/suspicious/noExplicitAny: test assertions inspect arbitrary JSON.
): Promise<any> {
  const res = await desk.api(`/tickets/search?${new URLSearchParams(params)}`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return json(res);
}

export const idsOf = (list: { id: unknown }[]) => list.map((r) => r.id as number).sort((a, b) => a - b);
