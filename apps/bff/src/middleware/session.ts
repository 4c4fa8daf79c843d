import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { BffDeps, BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import type { SessionData } from '../lib/session-cookie.ts';
import { guardFor } from '../lib/session-guard.ts';
import { upstreamFor } from '../upstream.ts';
import { isHttps } from './security.ts';

export const SESSION_COOKIE = 'eosc_session';

export function writeSession(
  c: Context<BffEnv>,
  data: Omit<SessionData, 'iat' | 'exp'> & { iat?: number },
): SessionData {
  const deps = c.get('deps');
  const now = Math.floor(Date.now() / 1000);
  const iat = data.iat ?? now;
  // Idle expiry, but never past the absolute lifetime counted from the sign-in.
  const exp = Math.min(now + deps.idleSeconds, iat + maxSessionSeconds(deps));
  const full: SessionData = { ...data, iat, exp };
  setCookie(c, SESSION_COOKIE, deps.sealer.seal(full), {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c.req.raw),
    path: '/',
    maxAge: Math.max(0, exp - now),
  });
  c.set('session', full);
  return full;
}

export const maxSessionSeconds = (deps: BffDeps) => deps.maxSessionSeconds ?? 12 * 3600;

export function clearSession(c: Context<BffEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c.req.raw) });
  c.set('session', undefined);
}

/**
 * Reads the sealed session cookie. A valid session idles out after SESSION_IDLE_MINUTES and
 * ends SESSION_MAX_HOURS after sign-in however active it is; it is renewed (rolling) once a
 * quarter of the idle time has passed since the last renewal. The upstream's word on the person
 * (still active, same session epoch: see SessionGuard) is checked on every request, cached a few
 * seconds, so deactivation, a password change or "end all sessions" end it in every process.
 */
export const readSession: MiddlewareHandler<BffEnv> = async (c, next) => {
  const raw = getCookie(c, SESSION_COOKIE);
  const deps = c.get('deps');
  let data = raw ? deps.sealer.open(raw) : undefined;
  const now = Math.floor(Date.now() / 1000);
  if (data && (now - data.iat > maxSessionSeconds(deps) || !(await guardFor(deps).valid(deps, data))))
    data = undefined;
  c.set('session', data);
  if (raw && !data) clearSession(c);
  if (data) {
    if (data.exp - now < (deps.idleSeconds * 3) / 4) {
      const { exp: _exp, ...rest } = data;
      writeSession(c, rest);
    }
    // The person by id: a login or address could name someone else (a numeric login is an id to
    // Zammad's `From`, one person's login may be another's address).
    c.set(
      'upstream',
      upstreamFor(deps, data.uid, (date) => c.set('upstreamDate', date)),
    );
  }
  await next();
};

export const requireSession: MiddlewareHandler<BffEnv> = async (c, next) => {
  if (!c.get('session')) throw new BffError(401, 'unauthenticated', 'Please sign in.');
  await next();
};

/**
 * The agent area is agents' only: customers are refused here, on the server, rather than relying
 * on each upstream route (a customer has overviews of their own upstream, which must not leak).
 */
export const requireAgent: MiddlewareHandler<BffEnv> = async (c, next) => {
  const s = c.get('session');
  if (!s) throw new BffError(401, 'unauthenticated', 'Please sign in.');
  if (!s.is_agent) throw new BffError(403, 'forbidden', 'Only agents can use the agent area.');
  await next();
};

/** Agents and admins: the BFF refuses customers itself; the upstream checks the permission. */
export const requireStaff: MiddlewareHandler<BffEnv> = async (c, next) => {
  const s = c.get('session');
  if (!s) throw new BffError(401, 'unauthenticated', 'Please sign in.');
  if (!s.is_agent && !s.is_admin) throw new BffError(403, 'forbidden', 'Only agents and admins can do this.');
  await next();
};

type RouteMiddleware = MiddlewareHandler<BffEnv>[];
/** Route middleware (see `endpoint`): a signed-in person. */
export const signedIn: RouteMiddleware = [requireSession];
/** Route middleware: a signed-in agent. */
export const agentsOnly: RouteMiddleware = [requireSession, requireAgent];
/** Route middleware: a signed-in agent or admin. */
export const staffOnly: RouteMiddleware = [requireSession, requireStaff];
