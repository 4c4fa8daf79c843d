import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/domain/tokens.ts';
import { createMailer } from '../src/lib/mail.ts';
import { json, type RunningDesk, startDesk } from './harness.ts';

interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const inbox: Mail[] = [];
const logLines: string[] = [];
let smtp: SMTPServer;
let withMail: RunningDesk;
let noMail: RunningDesk;

const PUBLIC_URL = 'http://helpdesk.test:8080';
const GOOD_PASSWORD = 'GoodPassword12';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          const to = Array.isArray(m.to) ? m.to[0] : m.to;
          inbox.push({
            to: to?.value[0]?.address ?? '',
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', ok));
  const port = (smtp.server.address() as AddressInfo).port;
  [withMail, noMail] = await Promise.all([
    startDesk({
      mailer: createMailer({
        smtpUrl: `smtp://127.0.0.1:${port}`,
        from: 'Helpdesk <hd@test>',
        publicUrl: PUBLIC_URL,
      }),
    }),
    startDesk({ mailer: createMailer({ publicUrl: PUBLIC_URL, log: (line) => logLines.push(line) }) }),
  ]);
});

afterAll(async () => {
  await Promise.all([withMail?.close(), noMail?.close()]);
  await new Promise<void>((ok) => (smtp ? smtp.close(() => ok()) : ok()));
});

const post = (desk: RunningDesk, path: string, body: unknown) =>
  desk.api(path, { method: 'POST', body: JSON.stringify(body) });

const basic = (login: string, password: string) => ({ basic: [login, password] as [string, string] });

function linkIn(text: string, path: string): string {
  const m = new RegExp(`${PUBLIC_URL.replace(/[.]/g, '\\.')}${path}([A-Za-z0-9_-]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link in: ${text}`);
  return m[1] as string;
}

function lastMailTo(address: string): Mail {
  const mail = inbox.filter((m) => m.to === address).at(-1);
  if (!mail) throw new Error(`no mail to ${address}`);
  return mail;
}

const mailsTo = (address: string) => inbox.filter((m) => m.to === address).length;

describe('sign-up without SMTP', () => {
  it('creates an active customer at once and refuses a taken address (any case)', async () => {
    const res = await post(noMail, '/users', {
      signup: true,
      firstname: 'Nora',
      lastname: 'Nomail',
      email: 'Nora.Nomail@Example.org',
      password: GOOD_PASSWORD,
      role_ids: [1],
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ message: 'ok', verify_email: false });

    const me = await noMail.api('/users/me', { as: basic('nora.nomail@example.org', GOOD_PASSWORD) });
    expect(me.status).toBe(200);
    const user = await json(me);
    expect(user).toMatchObject({
      login: 'nora.nomail@example.org',
      email: 'nora.nomail@example.org',
      firstname: 'Nora',
      source: 'signup',
      verified: true,
      role_ids: [3],
    });

    const again = await post(noMail, '/users', {
      signup: true,
      email: 'NORA.nomail@example.org',
      password: GOOD_PASSWORD,
    });
    expect(again.status).toBe(422);
    expect((await json(again)).error).toBe(
      "Email address 'nora.nomail@example.org' is already used for another user.",
    );
  });

  it('writes the password-reset link to the log instead of mailing it', async () => {
    logLines.length = 0;
    const res = await post(noMail, '/users/password_reset', { username: 'customer@example.org' });
    expect(await json(res)).toEqual({ message: 'ok' });
    expect(logLines).toHaveLength(1);
    const token = linkIn(logLines[0] as string, '/password-reset/');
    const set = await post(noMail, '/users/password_reset_verify', { token, password: 'NewCustomer99' });
    expect(await json(set)).toEqual({ message: 'ok', user_login: 'customer@example.org' });
    expect(
      (await noMail.api('/users/me', { as: basic('customer@example.org', 'NewCustomer99') })).status,
    ).toBe(200);
  });
});

describe('sign-up input', () => {
  it.each([
    [{ signup: true, password: GOOD_PASSWORD }, "The required attribute 'email' is missing."],
    [{ signup: true, email: 'not-an-address', password: GOOD_PASSWORD }, "Invalid email 'not-an-address'"],
  ])('refuses %j', async (body, error) => {
    const res = await post(withMail, '/users', body);
    expect(res.status).toBe(422);
    expect((await json(res)).error).toBe(error);
  });

  it.each([
    ['Short1Ab', ['Invalid password, it must be at least %s characters long!', 10]],
    [
      'alllowercase12',
      ['Invalid password, it must contain at least 2 lowercase and 2 uppercase characters!'],
    ],
    ['NoDigitsHereAtAll', ['Invalid password, it must contain at least 1 digit!']],
  ])('applies the password policy to %s', async (password, notice) => {
    const before = mailsTo('weak@example.org');
    const res = await post(withMail, '/users', { signup: true, email: 'weak@example.org', password });
    expect(res.status).toBe(422);
    expect(await json(res)).toEqual({ message: 'failed', notice });
    expect(mailsTo('weak@example.org')).toBe(before);
    expect(await withMail.db.query("SELECT id FROM users WHERE email = 'weak@example.org'")).toEqual([]);
  });

  it('needs credentials or signup: true', async () => {
    const res = await post(withMail, '/users', { email: 'x@example.org', password: GOOD_PASSWORD });
    expect(res.status).toBe(403);
  });

  it('is refused while user_create_account is off', async () => {
    await noMail.db.query("UPDATE settings SET value = 'false' WHERE name = 'user_create_account'");
    try {
      const res = await post(noMail, '/users', {
        signup: true,
        email: 'off@example.org',
        password: GOOD_PASSWORD,
      });
      expect(res.status).toBe(422);
      expect((await json(res)).error).toBe('This feature is not enabled.');
    } finally {
      await noMail.db.query("UPDATE settings SET value = 'true' WHERE name = 'user_create_account'");
    }
  });

  it('still lets agents create users with credentials (the agents’ create)', async () => {
    const res = await withMail.api('/users', {
      as: 'agent',
      method: 'POST',
      body: JSON.stringify({ email: 'made-by-agent@example.org', firstname: 'Made' }),
    });
    expect(res.status).toBe(201);
    expect((await json(res)).email).toBe('made-by-agent@example.org');
  });
});

describe('sign-up with SMTP', () => {
  it('mails a verification link; sign-in waits for it; the link works once', async () => {
    const res = await post(withMail, '/users', {
      signup: true,
      firstname: 'Vera',
      lastname: 'Verify',
      email: 'vera@example.org',
      password: GOOD_PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ message: 'ok', verify_email: true });

    const mail = lastMailTo('vera@example.org');
    expect(mail.subject).toBe('Confirm your EOSC Helpdesk account');
    expect(mail.text).toContain('Hello Vera Verify,');
    const token = linkIn(mail.text, '/signup/verify/');
    expect(mail.html).toContain(`${PUBLIC_URL}/signup/verify/${token}`);

    // Stored only as its digest.
    const rows = await withMail.db.query<{ token_hash: string }>(
      "SELECT t.token_hash FROM user_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = 'vera@example.org'",
    );
    expect(rows).toEqual([{ token_hash: hashToken(token) }]);

    const refused = await withMail.api('/users/me', { as: basic('vera@example.org', GOOD_PASSWORD) });
    expect(refused.status).toBe(401);
    expect((await json(refused)).error).toBe(
      'Login failed. Have you double-checked your credentials and completed the email verification step?',
    );

    const bad = await post(withMail, '/users/email_verify', { token: 'not-a-token' });
    expect(bad.status).toBe(422);
    expect((await json(bad)).error).toBe('The provided token is invalid.');
    const none = await post(withMail, '/users/email_verify', {});
    expect((await json(none)).error).toBe('No token!');

    const ok = await post(withMail, '/users/email_verify', { token });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ message: 'ok', user_email: 'vera@example.org' });
    expect((await withMail.api('/users/me', { as: basic('vera@example.org', GOOD_PASSWORD) })).status).toBe(
      200,
    );

    const reused = await post(withMail, '/users/email_verify', { token });
    expect(reused.status).toBe(422);
  });

  it('refuses an expired verification link', async () => {
    await post(withMail, '/users', { signup: true, email: 'late@example.org', password: GOOD_PASSWORD });
    const token = linkIn(lastMailTo('late@example.org').text, '/signup/verify/');
    await withMail.db.query(
      "UPDATE user_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
      [hashToken(token)],
    );
    const res = await post(withMail, '/users/email_verify', { token });
    expect(res.status).toBe(422);
  });

  it('answers a taken address like a new one and mails a reset link to its owner', async () => {
    const users = await withMail.db.query('SELECT count(*)::int AS n FROM users');
    const res = await post(withMail, '/users', {
      signup: true,
      email: 'Customer@Example.org',
      password: GOOD_PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ message: 'ok', verify_email: true });
    expect(await withMail.db.query('SELECT count(*)::int AS n FROM users')).toEqual(users);
    const mail = lastMailTo('customer@example.org');
    expect(mail.subject).toBe('You already have an EOSC Helpdesk account');
    const token = linkIn(mail.text, '/password-reset/');
    const check = await post(withMail, '/users/password_reset_verify', { token });
    expect(await json(check)).toEqual({ message: 'ok', user_login: 'customer@example.org' });
  });

  it('writes German mails for a German sign-up', async () => {
    await post(withMail, '/users', {
      signup: true,
      firstname: 'Greta',
      email: 'greta@example.org',
      password: GOOD_PASSWORD,
      locale: 'de-de',
    });
    const mail = lastMailTo('greta@example.org');
    expect(mail.subject).toBe('Bestätigen Sie Ihr Konto beim EOSC Helpdesk');
    expect(mail.text).toContain('Hallo Greta,');
  });

  it('resends verification links to unverified accounts only, answering ok either way', async () => {
    await post(withMail, '/users', { signup: true, email: 'resend@example.org', password: GOOD_PASSWORD });
    const first = linkIn(lastMailTo('resend@example.org').text, '/signup/verify/');
    const res = await post(withMail, '/users/email_verify_send', { email: 'RESEND@example.org' });
    expect(await json(res)).toEqual({ message: 'ok' });
    const second = linkIn(lastMailTo('resend@example.org').text, '/signup/verify/');
    expect(second).not.toBe(first);

    const before = inbox.length;
    expect(
      await json(await post(withMail, '/users/email_verify_send', { email: 'nobody@example.org' })),
    ).toEqual({
      message: 'ok',
    });
    expect(
      await json(await post(withMail, '/users/email_verify_send', { email: 'vera@example.org' })),
    ).toEqual({
      message: 'ok',
    });
    expect(inbox.length).toBe(before);
    expect((await post(withMail, '/users/email_verify_send', {})).status).toBe(422);
  });
});

describe('password reset', () => {
  it('answers ok for unknown users and sends nothing (no enumeration)', async () => {
    const before = inbox.length;
    const res = await post(withMail, '/users/password_reset', { username: 'ghost@example.org' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ message: 'ok' });
    expect(inbox.length).toBe(before);
    const missing = await post(withMail, '/users/password_reset', {});
    expect(missing.status).toBe(422);
    expect((await json(missing)).error).toBe('username param needed!');
  });

  it('resets by login or e-mail; the link works once; the policy applies; other links die', async () => {
    await post(withMail, '/users/password_reset', { username: 'AGENT@example.org' });
    const older = linkIn(lastMailTo('agent@example.org').text, '/password-reset/');
    await post(withMail, '/users/password_reset', { username: 'agent@example.org' });
    const mail = lastMailTo('agent@example.org');
    expect(mail.subject).toBe('Reset your EOSC Helpdesk password');
    const token = linkIn(mail.text, '/password-reset/');

    const check = await post(withMail, '/users/password_reset_verify', { token });
    expect(await json(check)).toEqual({ message: 'ok', user_login: 'agent@example.org' });

    const weak = await post(withMail, '/users/password_reset_verify', { token, password: 'weak' });
    expect(weak.status).toBe(200);
    expect(await json(weak)).toEqual({
      message: 'failed',
      notice: ['Invalid password, it must be at least %s characters long!', 10],
    });

    const set = await post(withMail, '/users/password_reset_verify', { token, password: 'AgentsNewPass42' });
    expect(await json(set)).toEqual({ message: 'ok', user_login: 'agent@example.org' });
    expect(
      (await withMail.api('/users/me', { as: basic('agent@example.org', 'demo-agent-pass') })).status,
    ).toBe(401);
    expect(
      (await withMail.api('/users/me', { as: basic('agent@example.org', 'AgentsNewPass42') })).status,
    ).toBe(200);

    const reused = await post(withMail, '/users/password_reset_verify', {
      token,
      password: 'AnotherPass123',
    });
    expect(await json(reused)).toEqual({ message: 'failed' });
    const old = await post(withMail, '/users/password_reset_verify', { token: older });
    expect(await json(old)).toEqual({ message: 'failed' });
  });

  it('refuses bad, missing and expired tokens', async () => {
    expect(await json(await post(withMail, '/users/password_reset_verify', { token: 'nope' }))).toEqual({
      message: 'failed',
    });
    const missing = await post(withMail, '/users/password_reset_verify', { password: 'x' });
    expect(missing.status).toBe(422);

    await post(withMail, '/users/password_reset', { username: 'admin@example.org' });
    const token = linkIn(lastMailTo('admin@example.org').text, '/password-reset/');
    await withMail.db.query(
      "UPDATE user_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
      [hashToken(token)],
    );
    const expired = await post(withMail, '/users/password_reset_verify', {
      token,
      password: 'AdminsNewPass42',
    });
    expect(await json(expired)).toEqual({ message: 'failed' });
    expect((await withMail.api('/users/me', { as: 'admin' })).status).toBe(200);
  });

  it('verifies an unverified sign-up, since the link proves the address', async () => {
    await post(withMail, '/users', { signup: true, email: 'forgot@example.org', password: GOOD_PASSWORD });
    await post(withMail, '/users/password_reset', { username: 'forgot@example.org' });
    const token = linkIn(lastMailTo('forgot@example.org').text, '/password-reset/');
    await post(withMail, '/users/password_reset_verify', { token, password: 'ForgotAgain77' });
    expect(
      (await withMail.api('/users/me', { as: basic('forgot@example.org', 'ForgotAgain77') })).status,
    ).toBe(200);
  });

  it('limits requests: 3 a minute per username (429), 5 mails an hour per account', async () => {
    const statuses: number[] = [];
    for (const username of [
      'limit@example.org',
      'LIMIT@example.org',
      ' limit@example.org',
      'limit@example.org',
    ]) {
      statuses.push((await post(withMail, '/users/password_reset', { username })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await post(withMail, '/users/password_reset', { username: 'limit@example.org' });
    expect((await json(limited)).error).toMatch(/Too many requests/);

    // Five links in the last hour: more requests still answer ok, but no mail goes out.
    const [user] = await withMail.db.query<{ id: number }>(
      "SELECT id FROM users WHERE login = 'customer@example.org'",
    );
    await withMail.db.query("DELETE FROM user_tokens WHERE user_id = $1 AND action = 'PasswordReset'", [
      user?.id,
    ]);
    for (let i = 0; i < 5; i++) {
      await withMail.db.query(
        `INSERT INTO user_tokens (user_id, action, token_hash, expires_at)
         VALUES ($1, 'PasswordReset', $2, now() + interval '1 day')`,
        [user?.id, `seeded-${i}`],
      );
    }
    const before = mailsTo('customer@example.org');
    const res = await post(withMail, '/users/password_reset', { username: 'customer@example.org' });
    expect(await json(res)).toEqual({ message: 'ok' });
    expect(mailsTo('customer@example.org')).toBe(before);
  });

  it('is refused while user_lost_password is off', async () => {
    await noMail.db.query("UPDATE settings SET value = 'false' WHERE name = 'user_lost_password'");
    try {
      const res = await post(noMail, '/users/password_reset', { username: 'agent@example.org' });
      expect(res.status).toBe(422);
      expect((await json(res)).error).toBe('This feature is not enabled.');
    } finally {
      await noMail.db.query("UPDATE settings SET value = 'true' WHERE name = 'user_lost_password'");
    }
  });
});
