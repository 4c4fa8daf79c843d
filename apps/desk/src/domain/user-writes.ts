/**
 * Writing users (REFERENCE §3.4): Zammad's creation rules (a unique login, an identifier, the
 * sign-up roles), e-mail checks, and the relations only `admin.user` may set.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, can } from './actor.ts';
import { InvalidError, NotFoundError } from './errors.ts';
import { hashPassword } from './passwords.ts';
import { hasReferences, insertRow, referencesError, updateRow, writableAttributes } from './records.ts';
import {
  replaceGroupAccess,
  replaceJoin,
  resolveGroupAccess,
  resolveIdList,
  resolveRef,
} from './references.ts';
import type { Row } from './shapes.ts';
import { ADDRESS_FIELDS } from './user-shapes.ts';

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
const TEXT_COLUMNS = ['firstname', 'lastname', ...ADDRESS_FIELDS];

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
export async function createUser(db: Db, actor: Actor, input: Row): Promise<number> {
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

/** `PUT /users/:id`: any subset of attributes; roles and groups only with `admin.user`. */
export async function updateUser(db: Db, actor: Actor, id: number, input: Row): Promise<void> {
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
export async function deleteUser(db: Db, id: number): Promise<void> {
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
