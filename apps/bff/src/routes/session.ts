import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { clientAddress } from '../lib/client-address.ts';
import { BffError } from '../lib/errors.ts';
import { personFromUpstream, sessionUser } from '../lib/person.ts';
import { reportAccess } from '../lib/reports-source.ts';
import { sessionOf } from '../lib/request.ts';
import { guardFor } from '../lib/session-guard.ts';
import { clearSession, signedIn, writeSession } from '../middleware/session.ts';
import { ErrorSchema, endpoint, jsonBody, reply } from '../openapi.ts';
import { SessionUserSchema } from '../schemas.ts';
import { upstreamFor, upstreamWithPassword } from '../upstream.ts';

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

const signOutElsewhere = createRoute({
  ...endpoint('delete', '/bff/session/others', 'Sign out everywhere else', signedIn),
  description:
    "Ends every other session of the person (other browsers, a copied cookie): the helpdesk's session epoch moves on (EOSC extension `DELETE /users/{id}/sessions`) and this session is re-issued under the new one. Password changes and deactivation end sessions the same way.",
  responses: {
    200: reply('Signed out elsewhere; this session goes on', UserReply),
    401: reply('Not signed in', ErrorSchema),
    403: reply('Not sent by the web app (Origin or CSRF header check failed)', ErrorSchema),
    501: reply('The helpdesk has no session epochs (`not_supported`)', ErrorSchema),
    502: reply('The helpdesk failed', ErrorSchema),
    503: reply('The helpdesk is unreachable', ErrorSchema),
    504: reply('The helpdesk is too slow', ErrorSchema),
  },
});

const signOut = createRoute({
  ...endpoint('delete', '/bff/session', 'Sign out'),
  responses: { 204: { description: 'Signed out; the cookie is cleared' } },
});

function tooMany(wait: number): BffError {
  return new BffError(
    429,
    'rate_limited',
    `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`,
    { 'Retry-After': String(wait) },
  );
}

export function sessionRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();
  // Per account: 10 failed sign-ins in 15 minutes; per address: 50 attempts in 15 minutes.
  // Counted in the BFF's state: with BFF_DATABASE_URL, across every BFF process.
  const perAccount = services.limiter('sign-in/account', 10, 15 * 60_000);
  const perAddress = services.limiter('sign-in/address', 50, 15 * 60_000);

  app.openapi(signIn, async (c) => {
    const { login, password } = c.req.valid('json');
    const deps = c.get('deps');
    const accountKey = login.toLowerCase();
    const addressKey = clientAddress(c);
    // Each attempt is counted before the upstream is asked (and the account's count cleared on
    // success): a burst of parallel guesses cannot slip through before the first failure counts.
    // Checking and counting are one step (`take`), in memory and in PostgreSQL alike.
    let wait = await perAccount.take(accountKey);
    if (wait === 0 && addressKey !== undefined) wait = await perAddress.take(addressKey);
    if (wait > 0) throw tooMany(wait);
    // With expand (and no full) the reply is the user itself, not the assets shape.
    const user = await upstreamWithPassword(deps, login, password)
      .GET('/users/me', { params: { query: { expand: 'true' } }, expect: 'User' })
      .catch((err: unknown) => {
        if (err instanceof BffError && err.status === 429)
          throw tooMany(Number(err.headers['Retry-After'] ?? 60));
        if (!(err instanceof BffError && err.status === 401)) throw err;
        throw new BffError(401, 'invalid_credentials', 'Wrong login or password.');
      });
    await perAccount.reset(accountKey);
    const [state, rep] = await Promise.all([
      guardFor(deps).state(deps, user.id, true),
      reportAccess(deps, services.reports, upstreamFor(deps, user.id), personFromUpstream(user).roles),
    ]);
    const session = writeSession(c, {
      ...personFromUpstream(user),
      ...(state.epoch !== undefined ? { sep: state.epoch } : {}),
      ...(rep !== undefined ? { rep } : {}),
    });
    return c.json({ user: sessionUser(session) }, 200);
  });

  app.openapi(signOutElsewhere, async (c) => {
    const deps = c.get('deps');
    const s = sessionOf(c);
    const state = await upstreamFor(deps, undefined)
      .DELETE('/users/{id}/sessions', { params: { path: { id: s.uid } } })
      .catch((err: unknown) => {
        if (err instanceof BffError && err.status === 404)
          throw new BffError(501, 'not_supported', 'The helpdesk cannot end sessions elsewhere.');
        throw err;
      });
    guardFor(deps).forget(deps, s.uid);
    // This session goes on under the new epoch; every other one is over.
    const { exp: _exp, ...rest } = s;
    const session = writeSession(c, { ...rest, sep: state.session_epoch });
    return c.json({ user: sessionUser(session) }, 200);
  });

  app.openapi(whoAmI, async (c) => {
    let session = c.get('session');
    // Whether they see reports could not be told at sign-in (the helpdesk was down): ask now.
    if (session && session.rep === undefined) {
      const rep = await reportAccess(c.get('deps'), services.reports, c.get('upstream'), session.roles);
      if (rep !== undefined) {
        const { exp: _exp, ...rest } = session;
        session = writeSession(c, { ...rest, rep });
      }
    }
    return c.json({ user: session ? sessionUser(session) : null }, 200);
  });

  app.openapi(signOut, (c) => {
    clearSession(c);
    return c.body(null, 204);
  });

  return app;
}
