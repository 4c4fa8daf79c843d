import type { User } from '@eosc/zammad-api';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { RateLimiter } from '../lib/rate-limit.ts';
import type { SessionData } from '../lib/session-cookie.ts';
import { clearSession, writeSession } from '../middleware/session.ts';
import { ErrorSchema, endpoint, jsonBody, reply } from '../openapi.ts';
import { type SessionUser, SessionUserSchema } from '../schemas.ts';
import { upstreamWithPassword } from '../upstream.ts';

const STANDARD_ROLES: Record<number, string> = { 1: 'Admin', 2: 'Agent', 3: 'Customer' };

/** Roles by name (expand), else Zammad's standard seed ids; agents are whoever holds group access. */
export function personFromUpstream(u: User): Omit<SessionData, 'iat' | 'exp'> {
  const roles = u.roles ?? (u.role_ids ?? []).map((id) => STANDARD_ROLES[id]).filter((r): r is string => !!r);
  const hasGroups = Object.keys(u.group_ids ?? {}).length > 0;
  return {
    uid: u.id,
    login: u.login,
    firstname: u.firstname,
    lastname: u.lastname,
    email: u.email,
    roles,
    is_agent: roles.includes('Agent') || hasGroups,
    is_admin: roles.includes('Admin'),
  };
}

export function sessionUser(s: Omit<SessionData, 'iat' | 'exp'>): SessionUser {
  return {
    id: s.uid,
    login: s.login,
    firstname: s.firstname,
    lastname: s.lastname,
    email: s.email,
    name: `${s.firstname} ${s.lastname}`.trim() || s.email || s.login,
    roles: s.roles,
    is_agent: s.is_agent,
    is_admin: s.is_admin,
  };
}

const SignInSchema = z
  .object({
    login: z.string().trim().min(1, 'Enter your login or e-mail address.').max(255),
    password: z.string().min(1, 'Enter your password.').max(1000),
  })
  .openapi('SignIn');

const UserReply = z.object({ user: SessionUserSchema }).openapi('SessionReply');
const SessionState = z.object({ user: z.union([SessionUserSchema, z.null()]) }).openapi('SessionState');
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

const signIn = createRoute({
  ...endpoint('post', '/bff/session', 'Sign in with login or e-mail and password'),
  request: { body: jsonBody(SignInSchema) },
  responses: {
    200: reply('Signed in; the session cookie is set', UserReply),
    400: reply('Invalid input', ErrorSchema),
    401: reply('Wrong login or password', ErrorSchema),
    429: reply('Too many attempts; see Retry-After', ErrorSchema),
    502: reply('The helpdesk failed', ErrorSchema),
    503: reply('The helpdesk is unreachable', ErrorSchema),
    504: reply('The helpdesk is too slow', ErrorSchema),
  },
});

const whoAmI = createRoute({
  ...endpoint('get', '/bff/session', 'The signed-in person, or null for an anonymous visitor'),
  description:
    'Asking who is signed in is not an error when nobody is: an anonymous visitor (or an expired or ' +
    'tampered cookie, which is cleared) gets `{ user: null }`. Other routes answer 401 without a session.',
  responses: {
    200: reply('The signed-in person, or null', SessionState),
  },
});

const signOut = createRoute({
  ...endpoint('delete', '/bff/session', 'Sign out'),
  responses: { 204: { description: 'Signed out; the cookie is cleared' } },
});

/**
 * The address sign-in attempts are counted under. Behind a reverse proxy (TRUST_PROXY) every
 * connection comes from the proxy, so the last X-Forwarded-For entry (the one the proxy added,
 * which a client cannot forge) is used; without a proxy the header is ignored, as anyone could
 * set it to dodge the limit.
 */
export function clientAddress(c: Context<BffEnv>): string {
  if (c.get('deps').trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function sessionRoutes() {
  const app = new OpenAPIHono<BffEnv>();
  // Per account: 10 failed sign-ins in 15 minutes; per address: 50 attempts in 15 minutes.
  const perAccount = new RateLimiter(10, 15 * 60_000);
  const perAddress = new RateLimiter(50, 15 * 60_000);

  app.openapi(signIn, async (c) => {
    const { login, password } = c.req.valid('json');
    const accountKey = login.toLowerCase();
    const addressKey = clientAddress(c);
    const wait = Math.max(perAccount.retryAfter(accountKey), perAddress.retryAfter(addressKey));
    if (wait > 0) {
      throw new BffError(
        429,
        'rate_limited',
        `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`,
        {
          'Retry-After': String(wait),
        },
      );
    }
    perAddress.hit(addressKey);
    // With expand (and no full) the reply is the user itself, not the assets shape.
    const user = await upstreamWithPassword(c.get('deps'), login, password)
      .GET('/users/me', { params: { query: { expand: 'true' } }, expect: 'User' })
      .catch((err: unknown) => {
        if (!(err instanceof BffError && err.status === 401)) throw err;
        perAccount.hit(accountKey);
        throw new BffError(401, 'invalid_credentials', 'Wrong login or password.');
      });
    perAccount.reset(accountKey);
    const session = writeSession(c, personFromUpstream(user));
    return c.json({ user: sessionUser(session) }, 200);
  });

  app.openapi(whoAmI, (c) => {
    const session = c.get('session');
    return c.json({ user: session ? sessionUser(session) : null }, 200);
  });

  app.openapi(signOut, (c) => {
    clearSession(c);
    return c.body(null, 204);
  });

  return app;
}
