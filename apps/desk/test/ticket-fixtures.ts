import { randomBytes } from 'node:crypto';
import { one } from '../src/db/client.ts';
import { hashPassword } from '../src/domain/passwords.ts';
import { type Credentials, json, type RunningDesk } from './harness.ts';

const PASSWORD = 'fixture-pass-123';

export interface TestUser {
  id: number;
  login: string;
  as: Credentials;
}

const suffix = () => randomBytes(4).toString('hex');

/** A user made straight in the database, with roles by name and direct group access. */
export async function makeUser(
  desk: RunningDesk,
  opts: {
    roles: string[];
    groups?: Record<number, string[]>;
    organizationId?: number | null;
    prefix?: string;
  },
): Promise<TestUser> {
  const login = `${opts.prefix ?? 'user'}-${suffix()}@example.net`;
  const row = (await one<{ id: number }>(
    desk.db,
    `INSERT INTO users (login, email, firstname, lastname, password, organization_id, verified)
     VALUES ($1, $1, 'Test', $2, $3, $4, true) RETURNING id`,
    [login, opts.prefix ?? 'User', await hashPassword(PASSWORD), opts.organizationId ?? null],
  )) as { id: number };
  await desk.db.query(
    'INSERT INTO roles_users (user_id, role_id) SELECT $1, id FROM roles WHERE name = ANY($2)',
    [row.id, opts.roles],
  );
  for (const [groupId, levels] of Object.entries(opts.groups ?? {})) {
    for (const level of levels) {
      await desk.db.query('INSERT INTO groups_users (user_id, group_id, access) VALUES ($1, $2, $3)', [
        row.id,
        Number(groupId),
        level,
      ]);
    }
  }
  return { id: row.id, login, as: { basic: [login, PASSWORD] } };
}

export async function makeGroup(
  desk: RunningDesk,
  opts: { followUp?: string; reopenDays?: number | null } = {},
): Promise<number> {
  const name = `Group ${suffix()}`;
  const row = (await one<{ id: number }>(
    desk.db,
    `INSERT INTO groups (name, name_last, follow_up_possible, reopen_time_in_days) VALUES ($1, $1, $2, $3) RETURNING id`,
    [name, opts.followUp ?? 'yes', opts.reopenDays ?? null],
  )) as { id: number };
  // The demo admin and agent get full access, as to every demo group.
  await desk.db.query(
    `INSERT INTO groups_users (user_id, group_id, access)
     SELECT id, $1, 'full' FROM users WHERE login IN ('admin@example.org', 'agent@example.org')`,
    [row.id],
  );
  return row.id;
}

export async function makeOrganization(desk: RunningDesk, shared: boolean): Promise<number> {
  const row = (await one<{ id: number }>(
    desk.db,
    'INSERT INTO organizations (name, shared) VALUES ($1, $2) RETURNING id',
    [`Org ${suffix()}`, shared],
  )) as { id: number };
  return row.id;
}

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON replies.
export type Json = any;

/** Creates a ticket through the API and returns the reply (asserting 201). */
export async function createTicket(
  desk: RunningDesk,
  as: Credentials,
  body: Record<string, unknown>,
): Promise<Json> {
  const res = await desk.api('/tickets', {
    as,
    method: 'POST',
    body: JSON.stringify({ title: 'fixture ticket', group: 'Users', article: { body: 'first' }, ...body }),
  });
  const out = await json(res);
  if (res.status !== 201) throw new Error(`ticket create failed: ${res.status} ${JSON.stringify(out)}`);
  return out;
}

export async function call(
  desk: RunningDesk,
  as: Credentials,
  method: string,
  path: string,
  body?: unknown,
  opts: { contract?: boolean } = {},
): Promise<{ status: number; body: Json; res: Response }> {
  const res = await desk.api(path, {
    as,
    method,
    ...(opts.contract === false ? { contract: false } : {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: Json = text;
  try {
    parsed = text ? JSON.parse(text) : text;
  } catch {
    /* raw bodies (attachments, empty) stay text */
  }
  return { status: res.status, body: parsed, res };
}
