import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { personFromUpstream, sessionUser } from '../lib/person.ts';
import { clientAddress, RateLimiter } from '../lib/rate-limit.ts';
import { clearSession, writeSession } from '../middleware/session.ts';
import { ErrorSchema, endpoint, jsonBody, reply } from '../openapi.ts';
import { SessionUserSchema } from '../schemas.ts';
import { upstreamWithPassword } from '../upstream.ts';

const SignInSchema = z
  .object({
    login: z.string().trim().min(1, 'Enter your login or e-mail address.').max(255),
    password: z.string().min(1, 'Enter your password.').max(1000),
  })
  .openapi('SignIn');

const UserReply = z.object({ user: SessionUserSchema }).openapi('SessionReply');
const SessionState = z.object({ user: z.union([SessionUserSchema, z.null()]) }).openapi('SessionState');

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
