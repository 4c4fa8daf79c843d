import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffDeps, BffEnv, BffServices } from '../context.ts';
import { clientAddress } from '../lib/client-address.ts';
import { BffError } from '../lib/errors.ts';
import { personFromUpstream, sessionUser } from '../lib/person.ts';
import { guardFor } from '../lib/session-guard.ts';
import type { Limiter } from '../lib/state.ts';
import { writeSession } from '../middleware/session.ts';
import { ErrorSchema, endpoint, json, jsonBody, reply } from '../openapi.ts';
import { SessionUserSchema } from '../schemas.ts';
import { anonymousUpstream, upstreamFor } from '../upstream.ts';

/**
 * Self-service accounts: sign-up with e-mail verification and password reset, on the desk's
 * public Zammad routes (called without credentials, as a browser would call Zammad). No
 * session needed; the Origin and CSRF-header checks apply as to every POST.
 */

const PASSWORD = z.string().min(1, 'Enter a password.').max(1000);
const TOKEN = z.string().trim().min(1, 'The link is incomplete.').max(200);

const SignupSchema = z
  .object({
    firstname: z.string().trim().max(150).default(''),
    lastname: z.string().trim().max(150).default(''),
    email: z.string().trim().toLowerCase().email('Enter a valid e-mail address.').max(255),
    password: PASSWORD,
    /** The interface language: the confirmation mail is written in it. */
    language: z.enum(['en', 'de']).default('en'),
  })
  .openapi('Signup');

const SignupReply = z
  .object({
    verify_email: z.boolean().openapi({
      description: 'true: a confirmation link was mailed and sign-in waits for it; false: sign in now.',
    }),
  })
  .openapi('SignupReply');

const TokenSchema = z.object({ token: TOKEN }).openapi('AccountToken');
const ResendSchema = z
  .object({ email: z.string().trim().toLowerCase().email('Enter a valid e-mail address.').max(255) })
  .openapi('SignupResend');
const ResetRequestSchema = z
  .object({ username: z.string().trim().min(1, 'Enter your login or e-mail address.').max(255) })
  .openapi('PasswordResetRequest');
const ResetVerifySchema = z
  .object({ token: TOKEN, password: PASSWORD.optional() })
  .openapi('PasswordResetVerify');
const AcceptedReply = z.object({ message: z.literal('ok') }).openapi('AcceptedReply');
const ResetVerifyReply = z
  .object({ login: z.string().openapi({ description: 'The account the link belongs to.' }) })
  .openapi('PasswordResetVerifyReply');
const SignedInReply = z.object({ user: SessionUserSchema }).openapi('SignupVerifyReply');

const errors = {
  400: reply('Invalid input', ErrorSchema),
  403: {
    description: 'Not sent by the web app (Origin or CSRF header check failed)',
    content: json(ErrorSchema),
  },
  429: reply('Too many attempts; see Retry-After', ErrorSchema),
  502: reply('The helpdesk failed', ErrorSchema),
  503: reply('The helpdesk is unreachable', ErrorSchema),
  504: reply('The helpdesk is too slow', ErrorSchema),
} as const;

const signupRoute = createRoute({
  ...endpoint('post', '/bff/signup', 'Create a customer account'),
  description:
    'With mail configured on the helpdesk the account waits for the mailed link (`verify_email: true`); an address that is already registered gets the same answer (its owner is mailed a password-reset link instead). Without mail the account is active at once, and a taken address is 422 `email_taken`.',
  request: { body: jsonBody(SignupSchema) },
  responses: {
    201: {
      description: 'Account created (or, for a taken address, its owner mailed)',
      content: json(SignupReply),
    },
    422: {
      description: '`weak_password` (breaks the password policy), `email_taken`, or another refusal',
      content: json(ErrorSchema),
    },
    ...errors,
  },
});

const signupVerifyRoute = createRoute({
  ...endpoint('post', '/bff/signup/verify', 'Confirm an e-mail address with the mailed link, and sign in'),
  request: { body: jsonBody(TokenSchema) },
  responses: {
    200: reply('Confirmed; the session cookie is set', SignedInReply),
    422: reply('`invalid_token`: unknown, used or expired link', ErrorSchema),
    ...errors,
  },
});

const signupResendRoute = createRoute({
  ...endpoint('post', '/bff/signup/resend', 'Mail a new confirmation link (always the same answer)'),
  request: { body: jsonBody(ResendSchema) },
  responses: {
    200: {
      description: 'Sent when the address belongs to an unconfirmed account',
      content: json(AcceptedReply),
    },
    ...errors,
  },
});

const resetRoute = createRoute({
  ...endpoint('post', '/bff/password-reset'),
  summary: 'Mail a password-reset link (always the same answer: no account enumeration)',
  request: { body: jsonBody(ResetRequestSchema) },
  responses: {
    200: {
      description: 'Sent when the login or address belongs to an active account',
      content: json(AcceptedReply),
    },
    ...errors,
  },
});

const resetVerifyRoute = createRoute({
  ...endpoint('post', '/bff/password-reset/verify'),
  summary: 'Check a password-reset link, or (with `password`) set the new password',
  description: 'Setting the password uses the link up; the person then signs in with it.',
  request: { body: jsonBody(ResetVerifySchema) },
  responses: {
    200: {
      description: 'The link is valid (and, with a password, the password is set)',
      content: json(ResetVerifyReply),
    },
    422: {
      description: '`invalid_token` (unknown, used or expired link) or `weak_password`',
      content: json(ErrorSchema),
    },
    ...errors,
  },
});

/** Zammad's password-policy notice (`["… at least %s characters long!", 10]`) as a sentence. */
export function policyMessage(notice: unknown): string {
  if (!Array.isArray(notice) || typeof notice[0] !== 'string') return 'This password is too weak.';
  const [text, ...args] = notice as [string, ...unknown[]];
  let i = 0;
  return text.replace(/%s/g, () => String(args[i++] ?? ''));
}

function weakPassword(notice: unknown): BffError {
  return new BffError(422, 'weak_password', policyMessage(notice));
}

const invalidToken = () =>
  new BffError(422, 'invalid_token', 'This link is invalid or has expired. Please ask for a new one.');

/** The upstream's 422: a refusal these routes explain in their own words. */
type Refusal = { refused: { error?: unknown; notice?: unknown } };

/** The reply, or the upstream's 422 refusal (every other failure is thrown as usual). */
async function orRefusal<T>(call: Promise<T>): Promise<T | Refusal> {
  try {
    return await call;
  } catch (err) {
    if (!(err instanceof BffError && err.status === 422)) throw err;
    const body = err.upstream?.body;
    return { refused: body && typeof body === 'object' ? body : {} };
  }
}

const refused = <T>(r: T | Refusal): r is Refusal => typeof r === 'object' && r !== null && 'refused' in r;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

function limited(message: string, wait: number): BffError {
  return new BffError(429, 'rate_limited', `${message} Try again in ${Math.ceil(wait / 60)} minute(s).`, {
    'Retry-After': String(wait),
  });
}

/** The id of the user whose e-mail address this is (not whose login it is), or undefined. */
async function userIdByEmail(deps: BffDeps, email: string): Promise<number | undefined> {
  const found = await upstreamFor(deps, undefined).GET('/users/search', {
    // A field query on the quoted address: as a free word, an address like
    // `newcomer-17964@example.org` splits into terms that need not match as one (found by the
    // sign-up journey); Zammad's search takes the same syntax.
    params: { query: { query: `email:"${email.replace(/["\\]/g, '\\$&')}"`, limit: 50 } },
    expect: 'list',
  });
  const wanted = email.trim().toLowerCase();
  return found.find((u) => 'email' in u && String(u.email).toLowerCase() === wanted)?.id;
}

export function accountsRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();
  // Per address: sign-ups 10 an hour; reset and resend requests 20 in 15 minutes; link checks
  // 60 in 15 minutes (the tokens are unguessable; this only caps the load). Per account: 5
  // reset requests in 15 minutes (the helpdesk adds its own 3 a minute and 5 mails an hour).
  // Counted in the BFF's state: with BFF_DATABASE_URL, across every BFF process.
  const signups = services.limiter('sign-up/address', 10, 60 * 60_000);
  const requests = services.limiter('account-mail/address', 20, 15 * 60_000);
  const perAccount = services.limiter('account-mail/account', 5, 15 * 60_000);
  const checks = services.limiter('account-link/address', 60, 15 * 60_000);

  /** Counts the attempt against `key` (none: no limit of this kind applies) or refuses it. */
  async function gate(limiter: Limiter, key: string | undefined, message: string): Promise<void> {
    if (key === undefined) return;
    const wait = await limiter.take(key);
    if (wait > 0) throw limited(message, wait);
  }

  app.openapi(signupRoute, async (c) => {
    await gate(signups, clientAddress(c), 'Too many sign-ups from your network.');
    const input = c.req.valid('json');
    const r = await orRefusal(
      anonymousUpstream(c.get('deps')).POST('/users', {
        body: {
          signup: true,
          firstname: input.firstname,
          lastname: input.lastname,
          email: input.email,
          password: input.password,
          locale: input.language === 'de' ? 'de-de' : 'en-us',
        },
        expect: 'SignupReply',
      }),
    );
    if (refused(r)) {
      const { error, notice } = r.refused;
      if (notice) throw weakPassword(notice);
      if (/already used/i.test(text(error)))
        throw new BffError(422, 'email_taken', 'An account with this e-mail address already exists.');
      throw new BffError(422, 'invalid', text(error) || 'The helpdesk refused the sign-up.');
    }
    return c.json({ verify_email: r.verify_email !== false }, 201);
  });

  app.openapi(signupVerifyRoute, async (c) => {
    await gate(checks, clientAddress(c), 'Too many attempts.');
    const { token } = c.req.valid('json');
    const deps = c.get('deps');
    const r = await orRefusal(anonymousUpstream(deps).POST('/users/email_verify', { body: { token } }));
    if (refused(r) && !/token/i.test(text(r.refused.error)))
      throw new BffError(422, 'invalid', text(r.refused.error) || 'The helpdesk refused the confirmation.');
    if (refused(r) || !r.user_email) throw invalidToken();
    // Zammad signs the person in once the address is confirmed; so do we (the service token
    // acting for them, as for every signed-in call). The reply names them by address, and `From`
    // with an address could mean another person whose login is that address: the one whose
    // e-mail address it is is found first, then named by id.
    const id = await userIdByEmail(deps, r.user_email);
    if (id === undefined) throw invalidToken();
    const user = await upstreamFor(deps, id).GET('/users/me', {
      params: { query: { expand: 'true' } },
      expect: 'User',
    });
    const state = await guardFor(deps).state(deps, user.id, true);
    const session = writeSession(c, {
      ...personFromUpstream(user),
      ...(state.epoch !== undefined ? { sep: state.epoch } : {}),
    });
    return c.json({ user: sessionUser(session) }, 200);
  });

  app.openapi(signupResendRoute, async (c) => {
    await gate(requests, clientAddress(c), 'Too many requests from your network.');
    const { email } = c.req.valid('json');
    await gate(perAccount, `verify:${email}`, 'Too many requests for this address.');
    await orRefusal(anonymousUpstream(c.get('deps')).POST('/users/email_verify_send', { body: { email } }));
    return c.json({ message: 'ok' as const }, 200);
  });

  app.openapi(resetRoute, async (c) => {
    await gate(requests, clientAddress(c), 'Too many requests from your network.');
    const { username } = c.req.valid('json');
    await gate(perAccount, `reset:${username.toLowerCase()}`, 'Too many requests for this account.');
    // The desk's "failed" (an account without e-mail address) gets the same answer as any other
    // request: whether an account exists is nobody's business here.
    await orRefusal(anonymousUpstream(c.get('deps')).POST('/users/password_reset', { body: { username } }));
    return c.json({ message: 'ok' as const }, 200);
  });

  app.openapi(resetVerifyRoute, async (c) => {
    await gate(checks, clientAddress(c), 'Too many attempts.');
    const { token, password } = c.req.valid('json');
    const r = await orRefusal(
      anonymousUpstream(c.get('deps')).POST('/users/password_reset_verify', {
        body: password === undefined ? { token } : { token, password },
      }),
    );
    if (refused(r)) {
      if (r.refused.notice) throw weakPassword(r.refused.notice);
      throw invalidToken();
    }
    if (r.message === 'ok' && r.user_login) return c.json({ login: r.user_login }, 200);
    if (r.message === 'failed' && r.notice) throw weakPassword(r.notice);
    throw invalidToken();
  });

  return app;
}
