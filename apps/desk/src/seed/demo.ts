import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, loadActor } from '../domain/actor.ts';
import { hashPassword } from '../domain/passwords.ts';
import { FIRST_LINE_GROUP } from '../domain/services.ts';
import { createTicket } from '../domain/tickets/create.ts';
import { hashToken } from '../domain/tokens.ts';
import { seedEoscCatalogue } from './eosc.ts';
import { seedInboxDemo } from './inbox.ts';

export const DEMO_ACCOUNTS = [
  { login: 'admin@example.org', password: 'demo-admin-pass', firstname: 'Ada', lastname: 'Admin' },
  { login: 'agent@example.org', password: 'demo-agent-pass', firstname: 'Alex', lastname: 'Agent' },
  { login: 'customer@example.org', password: 'demo-customer-pass', firstname: 'Chris', lastname: 'Customer' },
  { login: 'manager@example.org', password: 'demo-manager-pass', firstname: 'Morgan', lastname: 'Manager' },
  { login: 'lead@example.org', password: 'demo-lead-pass', firstname: 'Lee', lastname: 'Lead' },
] as const;

/** The units the demo's unit lead leads (and works in as an agent). */
export const DEMO_LEAD_UNITS = ['EGI Support', 'EUDAT Support'];

/** The manager (reports on every unit, reads every unit's tickets) and the unit lead (agent and lead of DEMO_LEAD_UNITS). */
async function seedReportingAccounts(db: Db): Promise<void> {
  const [, , , manager, lead] = DEMO_ACCOUNTS;
  // The demo manager also reads every unit's tickets as an agent (read access only), so each
  // number on the reports opens its tickets in the inbox.
  const managerId = await insertUser(db, { ...manager, email: manager.login }, ['Manager', 'Agent']);
  await db.query(
    `INSERT INTO groups_users (user_id, group_id, access) SELECT $1, id, 'read' FROM groups WHERE active`,
    [managerId],
  );
  const leadId = await insertUser(db, { ...lead, email: lead.login }, ['Agent', 'Unit Lead']);
  await db.query(
    `INSERT INTO groups_users (user_id, group_id, access) SELECT $1, id, 'full' FROM groups WHERE name = ANY($2)`,
    [leadId, DEMO_LEAD_UNITS],
  );
  await db.query(
    'INSERT INTO eosc_unit_leads (user_id, group_id) SELECT $1, id FROM groups WHERE name = ANY($2)',
    [leadId, DEMO_LEAD_UNITS],
  );
}

export const SERVICE_LOGIN = 'eosc-bff-service';

async function insertUser(
  db: Db,
  u: {
    login: string;
    email: string;
    firstname: string;
    lastname: string;
    password: string | null;
    organizationId?: number;
  },
  roles: string[],
): Promise<number> {
  const row = (await one<{ id: number }>(
    db,
    `INSERT INTO users (login, email, firstname, lastname, password, organization_id, verified)
     VALUES ($1, $2, $3, $4, $5, $6, true) RETURNING id`,
    [
      u.login,
      u.email,
      u.firstname,
      u.lastname,
      u.password ? await hashPassword(u.password) : null,
      u.organizationId ?? null,
    ],
  )) as { id: number };
  await db.query('INSERT INTO roles_users (user_id, role_id) SELECT $1, id FROM roles WHERE name = ANY($2)', [
    row.id,
    roles,
  ]);
  return row.id;
}

/**
 * The account the BFF acts through: Admin (so it may send `From`), holding the given token.
 * Called on every start, so a changed token replaces the old one.
 */
export async function ensureServiceToken(db: Db, token: string): Promise<void> {
  await db.tx(async (tx) => {
    let user = await one<{ id: number }>(tx, 'SELECT id FROM users WHERE login = $1', [SERVICE_LOGIN]);
    if (!user) {
      const id = await insertUser(
        tx,
        { login: SERVICE_LOGIN, email: '', firstname: 'EOSC', lastname: 'Web App', password: null },
        ['Admin'],
      );
      user = { id };
    }
    await tx.query("DELETE FROM user_access_tokens WHERE user_id = $1 AND name = 'bff'", [user.id]);
    await tx.query(
      `INSERT INTO user_access_tokens (user_id, name, token_hash, preferences) VALUES ($1, 'bff', $2, $3)`,
      [
        user.id,
        hashToken(token),
        JSON.stringify({
          permission: [
            'admin',
            'ticket.agent',
            'ticket.customer',
            'knowledge_base.reader',
            'knowledge_base.editor',
            'report',
            'user_preferences',
          ],
        }),
      ],
    );
  });
}

/** Demo accounts, organization, groups and a few tickets; idempotent (runs once per database). */
export async function seedDemo(db: Db, systemId: number): Promise<boolean> {
  const done = await one(db, "SELECT 1 FROM settings WHERE name = 'demo_seeded'");
  if (done) return false;
  await db.tx(async (tx) => {
    const org = (await one<{ id: number }>(
      tx,
      `INSERT INTO organizations (name, shared, domain, note) VALUES ('Demo University', true, 'example.org', 'A demo research organisation.') RETURNING id`,
    )) as { id: number };
    const firstLine = (await one<{ id: number }>(
      tx,
      `INSERT INTO groups (name, name_last, note) VALUES ($1, $1, 'EOSC first-line support: triage of every new ticket.') RETURNING id`,
      [FIRST_LINE_GROUP],
    )) as { id: number };
    const [admin, agent, customer] = DEMO_ACCOUNTS;
    const adminId = await insertUser(tx, { ...admin, email: admin.login }, ['Admin', 'Agent']);
    const agentId = await insertUser(tx, { ...agent, email: agent.login }, ['Agent']);
    const customerId = await insertUser(tx, { ...customer, email: customer.login, organizationId: org.id }, [
      'Customer',
    ]);
    await tx.query(`INSERT INTO groups_users (user_id, group_id, access) SELECT $1, id, 'full' FROM groups`, [
      adminId,
    ]);
    await tx.query(
      `INSERT INTO groups_users (user_id, group_id, access) VALUES ($1, 1, 'full'), ($1, $2, 'full')`,
      [agentId, firstLine.id],
    );
    const actor = (await loadActor(tx, customerId)) as Actor;
    const samples = [
      {
        title: 'Cannot log in to the EOSC Marketplace with my institutional account',
        body: 'Since this morning the login through my home institution fails with "access denied". Colleagues have the same problem.',
        group: FIRST_LINE_GROUP,
      },
      {
        title: 'Request: 2 TB of extra storage for our project',
        body: 'Our research project needs 2 TB more storage on the EOSC data service until the end of next year.',
        group: 'Users',
      },
    ];
    for (const s of samples) {
      await createTicket(
        tx,
        actor,
        { title: s.title, group: s.group, article: { body: s.body, type: 'web' } },
        { systemId },
      );
    }
    await seedInboxDemo(tx, firstLine.id);
    await seedEoscCatalogue(tx);
    await seedReportingAccounts(tx);
    // Demo data is not news: nobody is mailed about the sample tickets (Zammad's import mode).
    await tx.query(`DELETE FROM jobs WHERE kind = 'notify_mail'`);
    await tx.query(`INSERT INTO settings (name, value) VALUES ('demo_seeded', 'true')`);
  });
  return true;
}
