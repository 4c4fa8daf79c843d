import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import type { Actor } from './actor.ts';
import { InvalidError } from './errors.ts';
import { hasPermission } from './permissions.ts';
import type { Row } from './shapes.ts';
import { hashToken, newToken } from './tokens.ts';

/** `GET /user_access_token`: the caller's tokens (never the secret) and the permissions they may grant. */
export async function listAccessTokens(db: Db, actor: Actor): Promise<{ tokens: Row[]; permissions: Row[] }> {
  const tokens = await db.query<Row>(
    `SELECT id, user_id, name, preferences, last_used_at, expires_at, created_at, updated_at
       FROM user_access_tokens WHERE user_id = $1 ORDER BY updated_at DESC, name ASC`,
    [actor.user.id],
  );
  const all = await db.query<{ id: number; name: string; note: string | null; active: boolean }>(
    'SELECT id, name, note, active FROM permissions WHERE active ORDER BY name',
  );
  const held = actor.permissions;
  const permissions: Row[] = [];
  for (const p of all) {
    // Held permissions and their children may be granted; parents are listed, but disabled.
    if (hasPermission(held, p.name)) permissions.push({ ...p, preferences: {} });
    else if (held.some((h) => h.startsWith(`${p.name}.`)))
      permissions.push({ ...p, preferences: { disabled: true } });
  }
  return { tokens, permissions };
}

export interface AccessTokenInput {
  /** Trimmed; blank when none was sent. */
  name: string;
  permission: string[];
  expires_at?: unknown;
}

/** `POST /user_access_token`: the token is returned once and stored only as its hash. */
export async function createAccessToken(db: Db, actor: Actor, input: AccessTokenInput): Promise<string> {
  const setting = await one<{ value: unknown }>(
    db,
    "SELECT value FROM settings WHERE name = 'api_token_access'",
  );
  if (setting?.value === false) throw new InvalidError('API token access disabled!');
  const { name, permission } = input;
  if (!name) throw new InvalidError('Need name!');
  const expires = input.expires_at;
  if (expires !== undefined && expires !== null && expires !== '') {
    if (
      typeof expires !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(expires) ||
      Number.isNaN(Date.parse(expires))
    )
      throw new InvalidError(`Invalid value for param 'expires_at': ${JSON.stringify(expires)}`);
  }
  const token = newToken();
  await db.query(
    `INSERT INTO user_access_tokens (user_id, name, token_hash, preferences, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [
      actor.user.id,
      name,
      hashToken(token),
      JSON.stringify({ permission }),
      typeof expires === 'string' && expires !== '' ? expires : null,
    ],
  );
  return token;
}

/** `DELETE /user_access_token/:id`: own tokens only. */
export async function deleteAccessToken(db: Db, actor: Actor, id: number): Promise<void> {
  const rows = await db.query('DELETE FROM user_access_tokens WHERE id = $1 AND user_id = $2 RETURNING id', [
    id,
    actor.user.id,
  ]);
  if (rows.length === 0) throw new InvalidError('Unable to find api token!');
}
