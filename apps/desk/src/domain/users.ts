import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, can, isAgent, seesFull } from './actor.ts';
import type { RecordModel } from './crud.ts';
import { InvalidError, NotFoundError } from './errors.ts';
import { addGroupAssets } from './groups.ts';
import { addOrganizationAssets } from './organizations.ts';
import { hashPassword } from './passwords.ts';
import { hasPermission } from './permissions.ts';
import {
  EVERYTHING,
  hasReferences,
  insertRow,
  referencesError,
  updateRow,
  writableAttributes,
} from './records.ts';
import {
  accessMap,
  replaceGroupAccess,
  replaceJoin,
  resolveGroupAccess,
  resolveIdList,
  resolveRef,
} from './references.ts';
import { addRoleAssets } from './roles.ts';
import { withCreatorNames } from './serialize.ts';
import { type Assets, addAsset, hasAsset, type RecordShape, type Row } from './shapes.ts';

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
    throw new InvalidError(`Invalid email '${typeof spec === 'string' ? spec : email}' of customer`, {
      human: false,
    });
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

type UserRecord = Row & { id: number };

/** Plain shapes of many users: columns (never the password) plus association id lists. */
async function plainUsers(db: Db, rows: Row[]): Promise<UserRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id as number);
  const [roles, orgs, groups] = await Promise.all([
    db.query<{ user_id: number; role_id: number }>(
      'SELECT user_id, role_id FROM roles_users WHERE user_id = ANY($1) ORDER BY role_id',
      [ids],
    ),
    db.query<{ user_id: number; organization_id: number }>(
      'SELECT user_id, organization_id FROM organizations_users WHERE user_id = ANY($1) ORDER BY organization_id',
      [ids],
    ),
    db.query<{ user_id: number; group_id: number; access: string }>(
      'SELECT user_id, group_id, access FROM groups_users WHERE user_id = ANY($1) ORDER BY group_id, access',
      [ids],
    ),
  ]);
  return rows.map((row) => {
    const { password: _password, ...rest } = row;
    const id = row.id as number;
    return {
      ...rest,
      id,
      role_ids: roles.filter((r) => r.user_id === id).map((r) => r.role_id),
      organization_ids: orgs.filter((o) => o.user_id === id).map((o) => o.organization_id),
      group_ids: accessMap(groups.filter((g) => g.user_id === id)),
      authorization_ids: [],
      two_factor_preference_ids: [],
      overview_sorting_ids: [],
    };
  });
}

/** The user's plain shape: columns (never the password) plus association id lists. */
export async function serializeUser(db: Db, id: number): Promise<Record<string, unknown>> {
  const row = await one<Row>(db, 'SELECT * FROM users WHERE id = $1', [id]);
  if (!row) throw new NotFoundError('User', id);
  return (await plainUsers(db, [row]))[0] as Record<string, unknown>;
}

const SELF_HIDDEN = [
  'web',
  'phone',
  'mobile',
  'fax',
  'department',
  'street',
  'zip',
  'city',
  'country',
  'address',
  'note',
];
const OTHERS_VISIBLE = ['id', 'firstname', 'lastname', 'image', 'image_source', 'active'];

/** Zammad's field scope for non-agents: themselves without address fields, others nearly nothing. */
export function filterUser(actor: Actor, record: Row): Row {
  if (seesFull(actor)) return record;
  if (record.id === actor.user.id) {
    const out = { ...record };
    for (const k of SELF_HIDDEN) delete out[k];
    return out;
  }
  return Object.fromEntries(OTHERS_VISIBLE.filter((k) => k in record).map((k) => [k, record[k]]));
}

/** `GET /users/:id` policy: admin, self, agent; customers see same-organization users (reduced). */
export function canShowUser(actor: Actor, target: Row): boolean {
  if (can(actor, 'admin.*') || target.id === actor.user.id || isAgent(actor)) return true;
  if (!can(actor, 'ticket.customer')) return false;
  return (
    target.organization_id !== null &&
    actor.user.organization_id !== null &&
    target.organization_id === actor.user.organization_id
  );
}

/** Plain or expanded users as the caller may see them. */
export async function serializeUsers(db: Db, actor: Actor, rows: Row[], shape: RecordShape): Promise<Row[]> {
  const plain = await plainUsers(db, rows);
  if (shape === 'expand') {
    const [roles, orgs, groups] = await Promise.all([
      db.query<{ id: number; name: string }>('SELECT id, name FROM roles'),
      db.query<{ id: number; name: string }>('SELECT id, name FROM organizations'),
      db.query<{ id: number; name: string }>('SELECT id, name FROM groups'),
    ]);
    const roleName = new Map(roles.map((r) => [r.id, r.name]));
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    for (const u of plain) {
      u.roles = (u.role_ids as number[]).map((id) => roleName.get(id));
      if (typeof u.organization_id === 'number' && orgName.has(u.organization_id))
        u.organization = orgName.get(u.organization_id);
      u.organizations = (u.organization_ids as number[]).map((id) => orgName.get(id));
      const named: Record<string, string[]> = {};
      for (const [gid, levels] of Object.entries(u.group_ids as Record<string, string[]>)) {
        const name = groupName.get(Number(gid));
        if (name !== undefined) named[name] = levels;
      }
      u.groups = named;
    }
    await withCreatorNames(db, plain);
  }
  return plain.map((u) => filterUser(actor, u));
}

/** Adds users to `assets`, with their organizations, roles and groups. */
export async function addUserAssets(db: Db, actor: Actor, ids: number[], assets: Assets): Promise<void> {
  const todo = [...new Set(ids)].filter((id) => !hasAsset(assets, 'User', id));
  if (todo.length === 0) return;
  const rows = await db.query<Row>('SELECT * FROM users WHERE id = ANY($1) ORDER BY id', [todo]);
  const plain = await plainUsers(db, rows);
  const orgIds: number[] = [];
  const roleIds: number[] = [];
  const groupIds: number[] = [];
  for (const u of plain) {
    addAsset(assets, 'User', filterUser(actor, u));
    if (typeof u.organization_id === 'number') orgIds.push(u.organization_id);
    if (seesFull(actor) || u.id === actor.user.id) {
      orgIds.push(...(u.organization_ids as number[]).slice(0, 3));
      roleIds.push(...(u.role_ids as number[]));
      groupIds.push(...Object.keys(u.group_ids as Row).map(Number));
    }
  }
  await addOrganizationAssets(db, actor, orgIds, assets);
  await addRoleAssets(db, actor, roleIds, assets);
  await addGroupAssets(db, actor, groupIds, assets);
}

const NOT_WRITABLE = ['password', 'login_failed', 'last_login', 'organization_id', 'source'];

/** A login not used by another user: the wish, else the wish with a numeric suffix (1 … 20). */
async function uniqueLogin(db: Db, wish: string, excludeId: number | null): Promise<string> {
  for (let i = 0; i <= 20; i++) {
    const candidate = i === 0 ? wish : `${wish}${i}`;
    const taken = await one(db, 'SELECT 1 FROM users WHERE lower(login) = lower($1) AND id <> $2', [
      candidate,
      excludeId ?? 0,
    ]);
    if (!taken) return candidate;
  }
  return `${wish}${randomUUID().slice(0, 8)}`;
}

async function checkEmail(db: Db, email: string, excludeId: number | null): Promise<void> {
  if (email === '') return;
  if (!EMAIL.test(email)) throw new InvalidError(`Invalid email '${email}'`);
  const taken = await one(db, "SELECT 1 FROM users WHERE email <> '' AND lower(email) = $1 AND id <> $2", [
    email,
    excludeId ?? 0,
  ]);
  if (taken) throw new InvalidError(`Email address '${email}' is already used for another user.`);
}

function requireIdentifier(u: Row): void {
  const has = ['firstname', 'lastname', 'phone', 'mobile', 'email'].some(
    (k) => typeof u[k] === 'string' && (u[k] as string).trim() !== '',
  );
  if (!has) {
    throw new InvalidError(
      'At least one identifier (firstname, lastname, phone, mobile or email) for user is required.',
    );
  }
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Text columns that are NOT NULL ''-defaulted: a sent null or number is stored as a string. */
const TEXT_COLUMNS = [
  'firstname',
  'lastname',
  'web',
  'phone',
  'fax',
  'mobile',
  'department',
  'street',
  'zip',
  'city',
  'country',
  'address',
  'note',
];

function textColumnsAsStrings(attrs: Row): void {
  for (const k of TEXT_COLUMNS) if (k in attrs) attrs[k] = str(attrs[k]);
}

interface Relations {
  roleIds?: number[] | undefined;
  groupAccess?: Map<number, string[]> | undefined;
  organizationId?: number | null | undefined;
  secondaryIds?: number[] | undefined;
}

/** Reads the relations of a user payload; roles and groups only for `admin.user` (else dropped). */
async function readRelations(db: Db, actor: Actor, input: Row): Promise<Relations> {
  const admin = can(actor, 'admin.user');
  return {
    roleIds: admin
      ? await resolveIdList(db, input, {
          idsKey: 'role_ids',
          namesKey: 'roles',
          table: 'roles',
          nameColumn: 'name',
        })
      : undefined,
    groupAccess: admin ? await resolveGroupAccess(db, input) : undefined,
    organizationId: await resolveRef(db, input, 'organization'),
    secondaryIds: await resolveIdList(db, input, {
      idsKey: 'organization_ids',
      namesKey: 'organizations',
      table: 'organizations',
      nameColumn: 'name',
    }),
  };
}

async function applyRelations(db: Db, userId: number, rel: Relations, primary: number | null) {
  if (rel.roleIds !== undefined)
    await replaceJoin(db, { table: 'roles_users', owner: 'user_id', other: 'role_id' }, userId, rel.roleIds);
  if (rel.groupAccess !== undefined)
    await replaceGroupAccess(db, 'groups_users', 'user_id', userId, rel.groupAccess);
  if (rel.secondaryIds !== undefined) {
    if (rel.secondaryIds.length > 0 && primary === null) {
      throw new InvalidError(
        'Secondary organizations are only allowed when the primary organization is given.',
      );
    }
    await replaceJoin(
      db,
      { table: 'organizations_users', owner: 'user_id', other: 'organization_id' },
      userId,
      rel.secondaryIds.filter((o) => o !== primary),
    );
  }
}

/** `POST /users` with Zammad's creation rules (§3.4). */
async function createUser(db: Db, actor: Actor, input: Row): Promise<number> {
  const attrs = await writableAttributes(db, 'users', input, NOT_WRITABLE);
  const email = str(attrs.email).trim().toLowerCase();
  attrs.email = email;
  await checkEmail(db, email, null);
  requireIdentifier(attrs);
  const wish = str(attrs.login).trim().toLowerCase() || email || `auto-${randomUUID()}`;
  attrs.login = await uniqueLogin(db, wish, null);
  const rel = await readRelations(db, actor, input);
  if (rel.organizationId !== undefined) attrs.organization_id = rel.organizationId;
  if (typeof input.password === 'string' && input.password !== '')
    attrs.password = await hashPassword(input.password);
  textColumnsAsStrings(attrs);
  const row = await insertRow<{ id: number; organization_id: number | null }>(
    db,
    'users',
    attrs,
    actor.user.id,
  );
  if (rel.roleIds === undefined || rel.roleIds.length === 0) {
    rel.roleIds = (
      await db.query<{ id: number }>('SELECT id FROM roles WHERE default_at_signup AND active ORDER BY id')
    ).map((r) => r.id);
  }
  await applyRelations(db, row.id, rel, row.organization_id);
  return row.id;
}

/** Roles and permissions of a user decide who may edit them (`UserPolicy#update?`). */
export async function canUpdateUser(db: Db, actor: Actor, targetId: number): Promise<boolean> {
  if (can(actor, 'admin.user')) return true;
  if (!isAgent(actor)) return false;
  const perms = await db.query<{ name: string }>(
    `SELECT DISTINCT p.name FROM roles_users ru JOIN roles r ON r.id = ru.role_id AND r.active
       JOIN permissions_roles pr ON pr.role_id = r.id JOIN permissions p ON p.id = pr.permission_id
      WHERE ru.user_id = $1`,
    [targetId],
  );
  const names = perms.map((p) => p.name);
  // Agents may edit customer-only users: never agents or admins.
  return hasPermission(names, 'ticket.customer') && !hasPermission(names, ['ticket.agent', 'admin.*']);
}

/** `PUT /users/:id`: any subset of attributes; roles and groups only with `admin.user`. */
async function updateUser(db: Db, actor: Actor, id: number, input: Row): Promise<void> {
  const current = await one<Row>(db, 'SELECT * FROM users WHERE id = $1 FOR UPDATE', [id]);
  if (!current) throw new NotFoundError('User', id);
  const attrs = await writableAttributes(db, 'users', input, NOT_WRITABLE);
  if ('email' in attrs) {
    attrs.email = str(attrs.email).trim().toLowerCase();
    await checkEmail(db, attrs.email as string, id);
  }
  textColumnsAsStrings(attrs);
  requireIdentifier({ ...current, ...attrs });
  if ('login' in attrs) {
    const wish = str(attrs.login).trim().toLowerCase();
    if (wish === '') delete attrs.login;
    else attrs.login = await uniqueLogin(db, wish, id);
  }
  const rel = await readRelations(db, actor, input);
  if (rel.organizationId !== undefined) attrs.organization_id = rel.organizationId;
  // Only admin.user may reset someone's password; agents editing customers may not take over accounts.
  if (typeof input.password === 'string' && input.password !== '' && can(actor, 'admin.user'))
    attrs.password = await hashPassword(input.password);
  const row = await updateRow<{ organization_id: number | null }>(db, 'users', id, attrs, actor.user.id);
  await applyRelations(db, id, rel, row.organization_id);
}

/** `DELETE /users/:id`: refused (422) while tickets or articles point at the user. */
async function deleteUser(db: Db, id: number): Promise<void> {
  const row = await one(db, 'SELECT id FROM users WHERE id = $1 FOR UPDATE', [id]);
  if (!row) throw new NotFoundError('User', id);
  if (
    id === 1 ||
    (await hasReferences(db, id, [
      ['tickets', 'customer_id'],
      ['tickets', 'owner_id'],
      ['tickets', 'created_by_id'],
      ['tickets', 'updated_by_id'],
      ['ticket_articles', 'created_by_id'],
      ['ticket_articles', 'updated_by_id'],
      ['ticket_articles', 'origin_by_id'],
    ]))
  ) {
    throw referencesError();
  }
  await db.query('DELETE FROM users WHERE id = $1', [id]);
}

/** Users as records: Zammad's own creation and update rules, field scopes and policies. */
export const USERS: RecordModel = {
  table: 'users',
  model: 'User',
  serialize: serializeUsers,
  addAssets: addUserAssets,
  // Agents and admin.user page through everyone; anybody else gets a list holding only themselves.
  scope: (_db, actor) =>
    can(actor, ['ticket.agent', 'admin.user']) ? EVERYTHING : { sql: 'r.id = $1', params: [actor.user.id] },
  canShow: (_db, actor, row) => canShowUser(actor, row),
  create: createUser,
  update: updateUser,
  remove: (db, _actor, id) => deleteUser(db, id),
};
