/** What signing in reads: the API settings, a user by login or e-mail, a token by its hash. */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import type { UserRow } from './actor.ts';

export async function apiSetting(db: Db, name: string): Promise<unknown> {
  return (await one<{ value: unknown }>(db, 'SELECT value FROM settings WHERE name = $1', [name]))?.value;
}

/** Case-insensitive; a login match wins over an e-mail match. */
export async function userByLoginOrEmail(db: Db, value: string): Promise<UserRow | undefined> {
  return one<UserRow>(
    db,
    `SELECT * FROM users WHERE lower(login) = lower($1) OR (email <> '' AND lower(email) = lower($1))
      ORDER BY (lower(login) = lower($1)) DESC LIMIT 1`,
    [value],
  );
}

export interface TokenRecord {
  /** Null when no token has this hash. */
  id: number | null;
  user_id: number;
  preferences: { permission?: string[] };
  expired: boolean;
  /** The `api_token_access` setting. */
  enabled: unknown;
  auth_version: number;
}

/** A token by its hash, with the setting that allows tokens and the auth version, in one query. */
export async function tokenByHash(db: Db, hash: string): Promise<TokenRecord | undefined> {
  return one<TokenRecord>(
    db,
    `SELECT t.id, t.user_id, t.preferences, (t.expires_at IS NOT NULL AND t.expires_at < current_date) AS expired,
            s.value AS enabled, (SELECT version FROM auth_version WHERE id = 1) AS auth_version
       FROM (SELECT value FROM settings WHERE name = 'api_token_access') s
       LEFT JOIN user_access_tokens t ON t.token_hash = $1`,
    [hash],
  );
}

export async function touchToken(db: Db, id: number): Promise<void> {
  await db.query('UPDATE user_access_tokens SET last_used_at = now() WHERE id = $1', [id]);
}
