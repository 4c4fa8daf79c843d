import type { MiddlewareHandler } from 'hono';
import type { Db } from './db/client.ts';
import { one } from './db/client.ts';
import { type Actor, loadActor, type UserRow } from './domain/actor.ts';
import { verifyPassword } from './domain/passwords.ts';
import { hasPermission, narrow } from './domain/permissions.ts';
import { hashToken } from './domain/tokens.ts';
import { ApiError } from './lib/errors.ts';

export type DeskEnv = {
  Variables: {
    db: Db;
    actor: Actor;
    params: Record<string, unknown>;
    /** Set on token requests: the user's own permissions, before the token narrowed them. */
    tokenUserPermissions: string[] | undefined;
  };
};

const INACTIVE =
  'Login failed. Have you double-checked your credentials and completed the email verification step?';

async function setting(db: Db, name: string): Promise<unknown> {
  return (await one<{ value: unknown }>(db, 'SELECT value FROM settings WHERE name = $1', [name]))?.value;
}

async function findUserByLoginOrEmail(db: Db, value: string): Promise<UserRow | undefined> {
  return one<UserRow>(
    db,
    `SELECT * FROM users WHERE lower(login) = lower($1) OR (email <> '' AND lower(email) = lower($1))
      ORDER BY (lower(login) = lower($1)) DESC LIMIT 1`,
    [value],
  );
}

interface Authenticated {
  userId: number;
  tokenPermissions?: string[];
}

async function basic(db: Db, encoded: string): Promise<Authenticated> {
  if ((await setting(db, 'api_password_access')) === false)
    throw new ApiError(403, 'API password access disabled!');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const login = colon >= 0 ? decoded.slice(0, colon) : decoded;
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  const user = login ? await findUserByLoginOrEmail(db, login) : undefined;
  if (!user || !(await verifyPassword(password, user.password))) {
    throw new ApiError(401, 'Invalid BasicAuth credentials');
  }
  if (!user.active) throw new ApiError(401, INACTIVE);
  return { userId: user.id };
}

async function token(db: Db, value: string): Promise<Authenticated> {
  if ((await setting(db, 'api_token_access')) === false)
    throw new ApiError(403, 'API token access disabled!');
  const row = await one<{
    id: number;
    user_id: number;
    preferences: { permission?: string[] };
    expired: boolean;
  }>(
    db,
    `SELECT id, user_id, preferences, (expires_at IS NOT NULL AND expires_at < current_date) AS expired
       FROM user_access_tokens WHERE token_hash = $1`,
    [hashToken(value)],
  );
  if (!row) throw new ApiError(401, "Can't find User for Token");
  if (row.expired) throw new ApiError(401, 'Not authorized (token expired)!');
  await db.query('UPDATE user_access_tokens SET last_used_at = now() WHERE id = $1', [row.id]);
  return { userId: row.user_id, tokenPermissions: row.preferences.permission ?? [] };
}

/** `Token token=abc`, `Token token="abc"`, `Token abc` or `Bearer abc`. */
export function parseTokenHeader(header: string): string | undefined {
  const m = /^(?:Token|Bearer)\s+(?:token="?([^",\s]+)"?|([^\s,]+))/i.exec(header.trim());
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Authenticates every /api/v1 request as Zammad does (Basic, then tokens), then applies
 * `From` / `X-On-Behalf-Of` for callers holding admin.user. Routes that allow anonymous
 * access are listed in `anonymous`.
 */
export function authenticate(
  anonymous: (method: string, path: string) => boolean,
): MiddlewareHandler<DeskEnv> {
  return async (c, next) => {
    const db = c.get('db');
    const header = c.req.header('authorization') ?? '';
    let auth: Authenticated | undefined;
    if (/^Basic\s+/i.test(header)) auth = await basic(db, header.replace(/^Basic\s+/i, ''));
    else if (/^(Token|Bearer)\s+/i.test(header)) {
      const t = parseTokenHeader(header);
      if (!t) throw new ApiError(401, "Can't find User for Token");
      auth = await token(db, t);
    }
    if (!auth) {
      if (anonymous(c.req.method, c.req.path)) return next();
      throw new ApiError(403, 'Authentication required');
    }
    let actor = await loadActor(db, auth.userId);
    if (!actor) throw new ApiError(401, "Can't find User for Token");
    if (!actor.user.active) throw new ApiError(401, INACTIVE);
    if (auth.tokenPermissions) {
      c.set('tokenUserPermissions', actor.permissions);
      actor = { ...actor, permissions: narrow(actor.permissions, auth.tokenPermissions) };
    }

    const fromHeader = c.req.header('from') ?? c.req.header('x-on-behalf-of');
    if (fromHeader !== undefined && fromHeader.trim() !== '') {
      const headerName = c.req.header('from') !== undefined ? 'From' : 'X-On-Behalf-Of';
      if (!hasPermission(actor.permissions, 'admin.user')) {
        throw new ApiError(403, `Current user has no permission to use '${headerName}'!`);
      }
      const value = fromHeader.trim().toLowerCase();
      let target: UserRow | undefined;
      if (/^\d+$/.test(value))
        target = await one<UserRow>(db, 'SELECT * FROM users WHERE id = $1', [Number(value)]);
      target ??= await findUserByLoginOrEmail(db, value);
      if (!target) throw new ApiError(403, `No such user '${fromHeader.trim()}'`);
      const impersonated = await loadActor(db, target.id);
      if (!impersonated) throw new ApiError(403, `No such user '${fromHeader.trim()}'`);
      if (auth.tokenPermissions) c.set('tokenUserPermissions', impersonated.permissions);
      actor = auth.tokenPermissions
        ? { ...impersonated, permissions: narrow(impersonated.permissions, auth.tokenPermissions) }
        : impersonated;
    }
    c.set('actor', actor);
    await next();
  };
}

/** Guards a route with a permission (any of a list); token-narrowed permissions fail as Zammad's do. */
export function requirePermission(required: string | string[]): MiddlewareHandler<DeskEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor) throw new ApiError(403, 'Authentication required');
    if (!hasPermission(actor.permissions, required)) {
      // The user holds the permission but the token does not grant it (Zammad checks the user first).
      const userPermissions = c.get('tokenUserPermissions');
      if (userPermissions && hasPermission(userPermissions, required))
        throw new ApiError(403, 'Token authorization failed.');
      throw new ApiError(403, 'User authorization failed.');
    }
    await next();
  };
}
