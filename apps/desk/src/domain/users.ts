import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { ApiError } from '../lib/errors.ts';
import type { Actor } from './actor.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Zammad's `customer_id: "guess:<email>"` and `customer: {…}`: find, or create with the signup roles. */
export async function findOrCreateCustomer(
  db: Db,
  actor: Actor,
  spec: string | Record<string, unknown>,
): Promise<number> {
  const attrs: Record<string, unknown> = typeof spec === 'string' ? { email: spec } : spec;
  if (attrs.id !== undefined) {
    const byId = await one<{ id: number }>(db, 'SELECT id FROM users WHERE id = $1', [Number(attrs.id)]);
    if (byId) return byId.id;
  }
  const email = typeof attrs.email === 'string' ? attrs.email.trim().toLowerCase() : '';
  if (email) {
    const byEmail = await one<{ id: number }>(db, 'SELECT id FROM users WHERE lower(email) = $1', [email]);
    if (byEmail) return byEmail.id;
  }
  if (typeof attrs.login === 'string') {
    const byLogin = await one<{ id: number }>(db, 'SELECT id FROM users WHERE lower(login) = lower($1)', [
      attrs.login,
    ]);
    if (byLogin) return byLogin.id;
  }
  if (!EMAIL.test(email)) {
    // Zammad hand-builds this body: only `error`.
    throw new ApiError(422, `Invalid email '${typeof spec === 'string' ? spec : email}' of customer`, false);
  }
  const str = (k: string) => (typeof attrs[k] === 'string' ? (attrs[k] as string) : '');
  const row = (await one<{ id: number }>(
    db,
    `INSERT INTO users (login, email, firstname, lastname, created_by_id, updated_by_id)
     VALUES ($1, $1, $2, $3, $4, $4) RETURNING id`,
    [email, str('firstname'), str('lastname'), actor.user.id],
  )) as { id: number };
  await db.query(
    'INSERT INTO roles_users (user_id, role_id) SELECT $1, id FROM roles WHERE default_at_signup AND active',
    [row.id],
  );
  return row.id;
}

/** The user's plain shape: columns (never the password) plus association id lists. */
export async function serializeUser(db: Db, id: number): Promise<Record<string, unknown>> {
  const row = await one<Record<string, unknown>>(db, 'SELECT * FROM users WHERE id = $1', [id]);
  if (!row) throw new ApiError(404, `Couldn't find User with 'id'=${id}`);
  const { password: _password, ...rest } = row;
  const [roles, orgs, groups] = await Promise.all([
    db.query<{ role_id: number }>('SELECT role_id FROM roles_users WHERE user_id = $1 ORDER BY role_id', [
      id,
    ]),
    db.query<{ organization_id: number }>(
      'SELECT organization_id FROM organizations_users WHERE user_id = $1 ORDER BY organization_id',
      [id],
    ),
    db.query<{ group_id: number; access: string }>(
      'SELECT group_id, access FROM groups_users WHERE user_id = $1 ORDER BY group_id, access',
      [id],
    ),
  ]);
  const groupIds: Record<string, string[]> = {};
  for (const g of groups) {
    const key = String(g.group_id);
    groupIds[key] = [...(groupIds[key] ?? []), g.access];
  }
  return {
    ...rest,
    role_ids: roles.map((r) => r.role_id),
    organization_ids: orgs.map((o) => o.organization_id),
    group_ids: groupIds,
    authorization_ids: [],
    two_factor_preference_ids: [],
    overview_sorting_ids: [],
  };
}
