import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { isTrue } from '../lib/casts.ts';
import { type Mailer, renderMail } from '../lib/mail.ts';
import { InvalidError } from './errors.ts';
import { hashPassword } from './passwords.ts';
import { hashToken, newToken } from './tokens.ts';

/**
 * Zammad's self-service accounts: sign-up with e-mail verification, and password reset.
 * Tokens are random (256 bits), stored as SHA-256 digests, single use and expire after a day
 * (Zammad's non-persistent tokens live one day as well).
 */

export const TOKEN_TTL_HOURS = 24;
/** Reset mails per user and hour; more requests still answer "ok" but send nothing. */
export const RESETS_PER_HOUR = 5;

type TokenAction = 'Signup' | 'PasswordReset';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function setting(db: Db, name: string): Promise<unknown> {
  return (await one<{ value: unknown }>(db, 'SELECT value FROM settings WHERE name = $1', [name]))?.value;
}

/** Zammad's Service::CheckFeatureEnabled. */
async function requireFeature(db: Db, name: string): Promise<void> {
  const value = await setting(db, name);
  if (value === false || value === 0 || value === 'false')
    throw new InvalidError('This feature is not enabled.');
}

/**
 * Zammad's PasswordPolicy: the first rule the password breaks, as Zammad's `notice`
 * (`[message, argument?]`), or undefined when the password is acceptable.
 */
export async function passwordPolicyNotice(
  db: Db,
  password: string,
): Promise<(string | number)[] | undefined> {
  const rows = await db.query<{ name: string; value: unknown }>(
    `SELECT name, value FROM settings WHERE name IN ('password_min_size', 'password_min_2_lower_2_upper_characters',
       'password_need_digit', 'password_need_special_character')`,
  );
  const get = (name: string) => rows.find((r) => r.name === name)?.value;
  const on = (name: string) => isTrue(get(name));
  const min = Number(get('password_min_size') ?? 10) || 10;
  if (password.length < min) return ['Invalid password, it must be at least %s characters long!', min];
  if (password.length > 1000) return ['Invalid password, it must be shorter than %s characters!', 1000];
  if (
    on('password_min_2_lower_2_upper_characters') &&
    ((password.match(/\p{Ll}/gu) ?? []).length < 2 || (password.match(/\p{Lu}/gu) ?? []).length < 2)
  )
    return ['Invalid password, it must contain at least 2 lowercase and 2 uppercase characters!'];
  if (on('password_need_digit') && !/\d/.test(password))
    return ['Invalid password, it must contain at least 1 digit!'];
  if (on('password_need_special_character') && !/[^\p{L}\p{N}]/u.test(password))
    return ['Invalid password, it must contain at least 1 special character!'];
  return undefined;
}

async function issueToken(db: Db, userId: number, action: TokenAction): Promise<string> {
  await db.query('DELETE FROM user_tokens WHERE expires_at < now()');
  const token = newToken();
  await db.query(
    `INSERT INTO user_tokens (user_id, action, token_hash, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
    [userId, action, hashToken(token), TOKEN_TTL_HOURS],
  );
  return token;
}

/** The user a live token belongs to, without using it up. */
async function peekToken(db: Db, token: string, action: TokenAction): Promise<number | undefined> {
  const row = await one<{ user_id: number }>(
    db,
    'SELECT user_id FROM user_tokens WHERE token_hash = $1 AND action = $2 AND expires_at > now()',
    [hashToken(token), action],
  );
  return row?.user_id;
}

/** Uses a live token up (atomically: two concurrent uses cannot both succeed). */
async function consumeToken(db: Db, token: string, action: TokenAction): Promise<number | undefined> {
  const row = await one<{ user_id: number }>(
    db,
    'DELETE FROM user_tokens WHERE token_hash = $1 AND action = $2 AND expires_at > now() RETURNING user_id',
    [hashToken(token), action],
  );
  return row?.user_id;
}

type Language = 'en' | 'de';

function languageOf(preferences: unknown): Language {
  const locale = (preferences as { locale?: unknown } | null)?.locale;
  return typeof locale === 'string' && locale.toLowerCase().startsWith('de') ? 'de' : 'en';
}

interface Recipient {
  email: string;
  firstname: string;
  lastname: string;
  preferences: unknown;
}

type MailKind = 'signup' | 'signup_taken_reset' | 'password_reset';

const MAILS: Record<Language, Record<MailKind, { subject: string; paragraphs: string[]; action: string }>> = {
  en: {
    signup: {
      subject: 'Confirm your EOSC Helpdesk account',
      paragraphs: [
        'Thank you for signing up to the EOSC Helpdesk.',
        'Please confirm your e-mail address by opening this link within 24 hours:',
      ],
      action: 'Confirm my e-mail address',
    },
    signup_taken_reset: {
      subject: 'You already have an EOSC Helpdesk account',
      paragraphs: [
        'Someone (probably you) tried to sign up to the EOSC Helpdesk with this e-mail address, but an account already exists for it.',
        'If you have forgotten your password, you can choose a new one with this link within 24 hours:',
      ],
      action: 'Choose a new password',
    },
    password_reset: {
      subject: 'Reset your EOSC Helpdesk password',
      paragraphs: [
        'Someone (probably you) asked to reset the password of your EOSC Helpdesk account.',
        'To choose a new password, open this link within 24 hours:',
      ],
      action: 'Choose a new password',
    },
  },
  de: {
    signup: {
      subject: 'Bestätigen Sie Ihr Konto beim EOSC Helpdesk',
      paragraphs: [
        'Vielen Dank für Ihre Registrierung beim EOSC Helpdesk.',
        'Bitte bestätigen Sie Ihre E-Mail-Adresse, indem Sie diesen Link innerhalb von 24 Stunden öffnen:',
      ],
      action: 'E-Mail-Adresse bestätigen',
    },
    signup_taken_reset: {
      subject: 'Sie haben bereits ein Konto beim EOSC Helpdesk',
      paragraphs: [
        'Jemand (vermutlich Sie) wollte sich mit dieser E-Mail-Adresse beim EOSC Helpdesk registrieren, es gibt aber bereits ein Konto dafür.',
        'Falls Sie Ihr Passwort vergessen haben, können Sie mit diesem Link innerhalb von 24 Stunden ein neues wählen:',
      ],
      action: 'Neues Passwort wählen',
    },
    password_reset: {
      subject: 'Passwort für den EOSC Helpdesk zurücksetzen',
      paragraphs: [
        'Jemand (vermutlich Sie) hat das Zurücksetzen des Passworts Ihres Kontos beim EOSC Helpdesk angefordert.',
        'Um ein neues Passwort zu wählen, öffnen Sie diesen Link innerhalb von 24 Stunden:',
      ],
      action: 'Neues Passwort wählen',
    },
  },
};

const FOOTER: Record<Language, string> = {
  en: 'If you did not ask for this, you can ignore this e-mail.',
  de: 'Falls Sie dies nicht angefordert haben, können Sie diese E-Mail ignorieren.',
};

async function sendMail(mailer: Mailer, kind: MailKind, to: Recipient, path: string): Promise<void> {
  const lang = languageOf(to.preferences);
  const mail = MAILS[lang][kind];
  const link = `${mailer.publicUrl}${path}`;
  const name = `${to.firstname} ${to.lastname}`.trim();
  const greeting = lang === 'de' ? `Hallo${name ? ` ${name}` : ''},` : `Hello${name ? ` ${name}` : ''},`;
  const body = renderMail({
    greeting,
    paragraphs: mail.paragraphs,
    action: mail.action,
    link,
    footer: FOOTER[lang],
  });
  await mailer.send({ to: to.email, subject: mail.subject, ...body }, link);
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export type SignupResult = { ok: true; verifyEmail: boolean } | { ok: false; notice: (string | number)[] };

/** Whether the user got RESETS_PER_HOUR links of this kind within the last hour. */
async function mailedTooOften(db: Db, userId: number, action: TokenAction): Promise<boolean> {
  const recent = await one<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM user_tokens
      WHERE user_id = $1 AND action = $2 AND created_at > now() - interval '1 hour'`,
    [userId, action],
  );
  return (recent?.n ?? 0) >= RESETS_PER_HOUR;
}

async function sendPasswordResetMail(
  db: Db,
  mailer: Mailer,
  user: Recipient & { id: number },
  kind: 'password_reset' | 'signup_taken_reset',
): Promise<void> {
  // Silently: the caller's reply must not tell whether a mail went out.
  if (await mailedTooOften(db, user.id, 'PasswordReset')) return;
  const token = await issueToken(db, user.id, 'PasswordReset');
  await sendMail(mailer, kind, user, `/password-reset/${token}`);
}

/**
 * `POST /users` with `signup: true` and no credentials (Zammad's create_signup): only firstname,
 * lastname, email and password are taken; the signup roles (Customer) are given. With mail, the
 * account stays unverified until the mailed link is opened, and a taken address gets a
 * "you already have an account" mail instead of an error (no account enumeration). Without
 * mail there is nothing to verify with: the account is active at once and a taken address is
 * refused with Zammad's uniqueness message.
 */
export async function signup(db: Db, mailer: Mailer, input: Record<string, unknown>): Promise<SignupResult> {
  await requireFeature(db, 'user_create_account');
  const email = str(input.email).trim().toLowerCase();
  if (!email) throw new InvalidError("The required attribute 'email' is missing.");
  if (!EMAIL.test(email) || email.length > 255) throw new InvalidError(`Invalid email '${email}'`);
  const password = str(input.password);
  const notice = await passwordPolicyNotice(db, password);
  if (notice) return { ok: false, notice };

  const existing = await one<Recipient & { id: number }>(
    db,
    "SELECT id, email, firstname, lastname, preferences FROM users WHERE email <> '' AND lower(email) = $1",
    [email],
  );
  if (existing) {
    if (!mailer.enabled) throw new InvalidError(`Email address '${email}' is already used for another user.`);
    await sendPasswordResetMail(db, mailer, existing, 'signup_taken_reset');
    return { ok: true, verifyEmail: true };
  }

  const locale = str(input.locale).toLowerCase();
  const preferences = /^[a-z]{2}(-[a-z]{2})?$/.test(locale) ? { locale } : {};
  const user = await db.tx(async (tx) => {
    let login = email;
    for (let i = 1; await one(tx, 'SELECT 1 FROM users WHERE lower(login) = $1', [login]); i++)
      login = `${email}${i}`;
    const row = (await one<{ id: number }>(
      tx,
      `INSERT INTO users (login, email, firstname, lastname, password, source, verified, preferences,
                          created_by_id, updated_by_id)
       VALUES ($1, $2, $3, $4, $5, 'signup', $6, $7, 1, 1) RETURNING id`,
      [
        login,
        email,
        str(input.firstname).trim().slice(0, 150),
        str(input.lastname).trim().slice(0, 150),
        await hashPassword(password),
        !mailer.enabled,
        JSON.stringify(preferences),
      ],
    )) as { id: number };
    await tx.query(
      'INSERT INTO roles_users (user_id, role_id) SELECT $1, id FROM roles WHERE default_at_signup AND active',
      [row.id],
    );
    const token = mailer.enabled ? await issueToken(tx, row.id, 'Signup') : undefined;
    return { id: row.id, token };
  });
  if (user.token) {
    await sendMail(
      mailer,
      'signup',
      { email, firstname: str(input.firstname), lastname: str(input.lastname), preferences },
      `/signup/verify/${user.token}`,
    );
  }
  return { ok: true, verifyEmail: mailer.enabled };
}

/** `POST /users/email_verify`: the token marks its user verified, once. */
export async function verifyEmail(
  db: Db,
  token: string,
): Promise<{ id: number; email: string; login: string }> {
  await requireFeature(db, 'user_create_account');
  return db.tx(async (tx) => {
    const userId = await consumeToken(tx, token, 'Signup');
    if (userId === undefined) throw new InvalidError('The provided token is invalid.');
    const user = await one<{ id: number; email: string; login: string }>(
      tx,
      'UPDATE users SET verified = true, updated_at = now() WHERE id = $1 RETURNING id, email, login',
      [userId],
    );
    if (!user) throw new InvalidError('The provided token is invalid.');
    return user;
  });
}

/** `POST /users/email_verify_send`: a new link for an unverified account; silent otherwise. */
export async function resendVerification(db: Db, mailer: Mailer, email: string): Promise<void> {
  await requireFeature(db, 'user_create_account');
  const user = await one<Recipient & { id: number; verified: boolean }>(
    db,
    "SELECT id, email, firstname, lastname, preferences, verified FROM users WHERE email <> '' AND lower(email) = $1",
    [email.trim().toLowerCase()],
  );
  if (!user || user.verified) return;
  if (await mailedTooOften(db, user.id, 'Signup')) return;
  const token = await issueToken(db, user.id, 'Signup');
  await sendMail(mailer, 'signup', user, `/signup/verify/${token}`);
}

/**
 * `POST /users/password_reset`: mails a reset link to the active user with that login or
 * e-mail. The caller always hears "ok" (Zammad: no leaking of existing accounts), except for a
 * user without an e-mail address ("failed", as Zammad answers).
 */
export async function requestPasswordReset(
  db: Db,
  mailer: Mailer,
  username: string,
): Promise<'ok' | 'failed'> {
  await requireFeature(db, 'user_lost_password');
  const user = await one<Recipient & { id: number }>(
    db,
    `SELECT id, email, firstname, lastname, preferences FROM users
      WHERE active AND (lower(login) = lower($1) OR (email <> '' AND lower(email) = lower($1)))
      ORDER BY (lower(login) = lower($1)) DESC LIMIT 1`,
    [username.trim()],
  );
  if (!user) return 'ok';
  if (!user.email) return 'failed';
  await sendPasswordResetMail(db, mailer, user, 'password_reset');
  return 'ok';
}

export type ResetResult = { ok: true; login: string } | { ok: false; notice?: (string | number)[] };

/**
 * `POST /users/password_reset_verify`: without a password, checks the token (keeping it);
 * with one, applies the password policy, sets it and uses the token up. The mailed link
 * proves the address, so the account counts as verified and its failed logins are cleared.
 */
export async function verifyPasswordReset(
  db: Db,
  token: string,
  password: string | undefined,
): Promise<ResetResult> {
  await requireFeature(db, 'user_lost_password');
  if (password === undefined || password === '') {
    const userId = await peekToken(db, token, 'PasswordReset');
    if (userId === undefined) return { ok: false };
    const user = await one<{ login: string }>(db, 'SELECT login FROM users WHERE id = $1 AND active', [
      userId,
    ]);
    return user ? { ok: true, login: user.login } : { ok: false };
  }
  if ((await peekToken(db, token, 'PasswordReset')) === undefined) return { ok: false };
  const notice = await passwordPolicyNotice(db, password);
  if (notice) return { ok: false, notice };
  const hash = await hashPassword(password);
  return db.tx(async (tx) => {
    const userId = await consumeToken(tx, token, 'PasswordReset');
    if (userId === undefined) return { ok: false };
    const user = await one<{ login: string }>(
      tx,
      `UPDATE users SET password = $2, verified = true, login_failed = 0, updated_at = now()
        WHERE id = $1 AND active RETURNING login`,
      [userId, hash],
    );
    if (!user) return { ok: false };
    // Every other reset link of this user dies with the password it was meant to replace.
    await tx.query("DELETE FROM user_tokens WHERE user_id = $1 AND action = 'PasswordReset'", [userId]);
    return { ok: true, login: user.login };
  });
}
