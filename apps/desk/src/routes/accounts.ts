import { Hono } from 'hono';
import { z } from 'zod';
import {
  requestPasswordReset,
  resendVerification,
  signup,
  verifyEmail,
  verifyPasswordReset,
} from '../domain/accounts.ts';
import type { DeskEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { flag, input, text } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import type { Mailer } from '../lib/mail.ts';

const API = '/api/v1';
const PUBLIC = new Set([
  '/users',
  '/users/email_verify',
  '/users/email_verify_send',
  '/users/password_reset',
  '/users/password_reset_verify',
]);

/** Sign-up, e-mail verification and password reset answer without credentials, as in Zammad. */
export function accountsAnonymousRoute(method: string, path: string): boolean {
  return method === 'POST' && path.startsWith(API) && PUBLIC.has(path.slice(API.length).replace(/\/+$/, ''));
}

/**
 * Zammad's Rack::Attack rule for its public endpoints: 3 requests a minute per (normalised)
 * username or e-mail address. Kept per process, in memory.
 */
class Throttle {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a request; false when the key is over its limit. */
  allow(key: string, now = Date.now()): boolean {
    const h = this.hits.get(key);
    if (!h || h.resetAt <= now) {
      if (this.hits.size > 50_000) for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
      this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
      return true;
    }
    h.count += 1;
    return h.count <= this.limit;
  }
}

const normalise = (value: string) => value.toLowerCase().replace(/\s+/g, '');

/** The self-service forms: texts (numbers as their text, anything else blank). */
const AccountForm = z
  .looseObject({ token: text, email: text, username: text, password: z.unknown().optional(), signup: flag })
  .transform((q) => ({
    ...q,
    token: q.token ?? '',
    email: q.email ?? '',
    username: q.username ?? '',
    password: typeof q.password === 'string' ? q.password : undefined,
  }));

function throttled(): ApiError {
  return new ApiError(429, 'Too many requests for this account. Please wait a minute and try again.', false);
}

export function accountsRoutes(opts: { mailer: Mailer }) {
  const { mailer } = opts;
  const app = new Hono<DeskEnv>();
  const resetThrottle = new Throttle(3, 60_000);
  const verifySendThrottle = new Throttle(3, 60_000);

  // Zammad's UsersController#create: with credentials it is the agents' create (users.ts);
  // without, `signup: true` makes it the public sign-up.
  app.post('/users', async (c, next) => {
    if (c.get('actor')) return next();
    const q = await input(c, AccountForm);
    if (!q.signup) throw new ApiError(403, 'Authentication required');
    const result = await signup(c.get('db'), mailer, q);
    if (!result.ok) return reply(c, { message: 'failed', notice: result.notice }, 422);
    // `verify_email` is ours: whether a link went out (SMTP configured) or the account is active.
    return reply(c, { message: 'ok', verify_email: result.verifyEmail }, 201);
  });

  app.post('/users/email_verify', async (c) => {
    const { token } = await input(c, AccountForm);
    if (!token) throw new ApiError(422, 'No token!');
    const user = await verifyEmail(c.get('db'), token);
    return reply(c, { message: 'ok', user_email: user.email });
  });

  app.post('/users/email_verify_send', async (c) => {
    const { email } = await input(c, AccountForm);
    if (!email) throw new ApiError(422, 'No email!');
    if (!verifySendThrottle.allow(normalise(email))) throw throttled();
    await resendVerification(c.get('db'), mailer, email);
    return reply(c, { message: 'ok' });
  });

  app.post('/users/password_reset', async (c) => {
    const username = (await input(c, AccountForm)).username.trim();
    if (!username) throw new ApiError(422, 'username param needed!');
    if (!resetThrottle.allow(normalise(username))) throw throttled();
    const message = await requestPasswordReset(c.get('db'), mailer, username);
    return reply(c, { message });
  });

  app.post('/users/password_reset_verify', async (c) => {
    const { token, password } = await input(c, AccountForm);
    if (!token) throw new ApiError(422, 'token param needed!');
    const result = await verifyPasswordReset(c.get('db'), token, password);
    if (result.ok) return reply(c, { message: 'ok', user_login: result.login });
    return reply(c, result.notice ? { message: 'failed', notice: result.notice } : { message: 'failed' });
  });

  return app;
}
