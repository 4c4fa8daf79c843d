import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/client.ts';
import { authVersion, loadActorByLoginOrEmailCached, loadActorCached } from '../domain/actor.ts';
import { apiSetting, tokenByHash, touchToken, userByLoginOrEmail } from '../domain/credentials.ts';
import { verifyNothing, verifyPassword } from '../domain/passwords.ts';
import { hasPermission, narrow } from '../domain/permissions.ts';
import { attempts, clearThrottle, countAttempt, KeyedLock } from '../domain/throttles.ts';
import { hashToken } from '../domain/tokens.ts';
import { BasicCache, basicState } from './basic-cache.ts';
import type { DeskEnv } from './env.ts';
import { ApiError } from './errors.ts';

const INACTIVE =
  'Login failed. Have you double-checked your credentials and completed the email verification step?';

interface Authenticated {
  userId: number;
  /** auth_version read with the credentials, so cached actors can be used. */
  version?: number;
  tokenPermissions?: string[];
}

/** Failed Basic sign-ins of one login counted in a window (Zammad's `password_max_login_failed`). */
const FAILURE_WINDOW_SECONDS = 15 * 60;
const basicLock = new KeyedLock();

/** Zammad's `password_max_login_failed` (10 when unset). */
function loginLimit(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 10;
}

const basicCaches = new WeakMap<Db, BasicCache>();
function basicCacheFor(db: Db): BasicCache {
  let cache = basicCaches.get(db);
  if (!cache) {
    cache = new BasicCache();
    basicCaches.set(db, cache);
  }
  return cache;
}

/**
 * Basic sign-in. Failures are counted per login in PostgreSQL (every desk process sees one
 * count); once a login reached the limit in the window, it gets 429 until the window ends,
 * whatever the password. Attempts for one login are checked one at a time in a process, so a
 * burst of parallel guesses cannot all pass the check before the first failure is counted.
 * An unknown login costs one scrypt like a known one, so timing tells nothing. Credentials
 * verified in the last minute are taken from the process's cache (http/basic-cache.ts) while
 * nothing about users, roles or groups changed since: one statement instead of a scrypt hash.
 */
async function basic(db: Db, encoded: string): Promise<Authenticated> {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const login = colon >= 0 ? decoded.slice(0, colon) : decoded;
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  const key = `basic:${login.trim().toLowerCase().slice(0, 255)}`;
  const cache = basicCacheFor(db);
  const digest = cache.digest(login, password);
  const hit = cache.get(digest);
  if (hit) {
    const state = await basicState(db, key);
    if (state.enabled === false) throw new ApiError(403, 'API password access disabled!');
    if (state.version === hit.version && state.failed === 0)
      return { userId: hit.userId, version: hit.version };
    cache.drop(digest);
  }
  if ((await apiSetting(db, 'api_password_access')) === false)
    throw new ApiError(403, 'API password access disabled!');
  return basicLock.run(key, async () => {
    const failed = await attempts(db, key);
    if (failed.count >= loginLimit(await apiSetting(db, 'password_max_login_failed')))
      throw new ApiError(429, 'Too many failed logins. Please wait and try again.', true, {
        'Retry-After': String(failed.wait),
      });
    // Read before the user row: any change to the user after this moves it past the cached value.
    const version = await authVersion(db);
    const user = login ? await userByLoginOrEmail(db, login) : undefined;
    const ok = user?.password ? await verifyPassword(password, user.password) : await verifyNothing(password);
    if (!user || !ok) {
      await countAttempt(db, key, FAILURE_WINDOW_SECONDS);
      throw new ApiError(401, 'Invalid BasicAuth credentials');
    }
    if (failed.count > 0) await clearThrottle(db, key);
    if (!user.active) throw new ApiError(401, INACTIVE);
    // A sign-up counts only once its e-mail address is confirmed (Zammad: `verified`).
    if (user.source === 'signup' && user.verified === false) throw new ApiError(401, INACTIVE);
    cache.set(digest, user.id, version);
    return { userId: user.id, version };
  });
}

// Each token's last_used_at is written at most once a minute per process: a write per request
// would serialise every API call on one row.
const LAST_USED_EVERY_MS = 60_000;
const lastUsedWrites = new WeakMap<Db, Map<number, number>>();

async function token(db: Db, value: string): Promise<Authenticated> {
  const row = await tokenByHash(db, hashToken(value));
  if (row?.enabled === false) throw new ApiError(403, 'API token access disabled!');
  if (!row || row.id === null) throw new ApiError(401, "Can't find User for Token");
  if (row.expired) throw new ApiError(401, 'Not authorized (token expired)!');
  const writes = lastUsedWrites.get(db) ?? new Map<number, number>();
  lastUsedWrites.set(db, writes);
  const now = Date.now();
  if ((writes.get(row.id) ?? 0) + LAST_USED_EVERY_MS < now) {
    writes.set(row.id, now);
    await touchToken(db, row.id);
  }
  return {
    userId: row.user_id,
    tokenPermissions: row.preferences.permission ?? [],
    version: Number(row.auth_version),
  };
}

/**
 * The user `From` / `X-On-Behalf-Of` names, resolved as Zammad's `find_on_behalf_user`: the
 * value is trimmed and lower-cased; all digits is tried as an id first; otherwise (or when no
 * such id exists) a login, then an e-mail address. Zammad's `login = x OR email = x` leaves the
 * order open when one user's login is another's address; here the login match wins, as in
 * Zammad's `User.identify`. Callers that know the person (the BFF) send the id, which names
 * exactly one user even when someone's login is a number.
 */
async function onBehalfOf(db: Db, version: number, header: string) {
  const value = header.trim().toLowerCase();
  return (
    (/^\d+$/.test(value) && value.length < 16
      ? await loadActorCached(db, version, Number(value))
      : undefined) ?? (await loadActorByLoginOrEmailCached(db, version, value))
  );
}

/** Who may act: active, and a sign-up only once its address is confirmed. */
function mayAct(user: { active: boolean; source?: unknown; verified?: unknown }): boolean {
  return user.active && !(user.source === 'signup' && user.verified === false);
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
    const version = auth.version ?? (await authVersion(db));
    let actor = await loadActorCached(db, version, auth.userId);
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
      const impersonated = await onBehalfOf(db, version, fromHeader);
      if (!impersonated) throw new ApiError(403, `No such user '${fromHeader.trim()}'`);
      // Acting for someone who may not sign in is not acting at all (deactivated, unconfirmed).
      if (!mayAct(impersonated.user)) throw new ApiError(401, INACTIVE);
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
