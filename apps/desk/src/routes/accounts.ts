import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import {
  requestPasswordReset,
  resendVerification,
  signup,
  verifyEmail,
  verifyPasswordReset,
} from '../domain/accounts.ts';
import { countAttempt } from '../domain/throttles.ts';
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
 * username or e-mail address, counted in PostgreSQL so that every desk process shares the count.
 */
async function allow(db: Db, key: string): Promise<boolean> {
  return (await countAttempt(db, key, 60)) <= 3;
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
    if (!(await allow(c.get('db'), `verify-send:${normalise(email)}`))) throw throttled();
    await resendVerification(c.get('db'), mailer, email);
    return reply(c, { message: 'ok' });
  });

  app.post('/users/password_reset', async (c) => {
    const username = (await input(c, AccountForm)).username.trim();
    if (!username) throw new ApiError(422, 'username param needed!');
    if (!(await allow(c.get('db'), `reset:${normalise(username)}`))) throw throttled();
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
