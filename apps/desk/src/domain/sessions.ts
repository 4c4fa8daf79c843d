/**
 * Session epochs (EOSC extension, migration 0013): what a sign-in records and what ends every
 * session of a person at once. Zammad's own `/sessions` API lists and ends its Rails sessions;
 * sessions of the web app live in sealed cookies the BFF issues, so the desk keeps only this
 * counter, which the BFF checks.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { NotFoundError } from './errors.ts';

export interface SessionState {
  user_id: number;
  active: boolean;
  /** Sessions issued under an older epoch are over. */
  session_epoch: number;
  /** When the epoch last moved (password change, deactivation, "end all sessions"). */
  sessions_revoked_at: string | null;
}

export async function sessionState(db: Db, userId: number): Promise<SessionState> {
  const row = await one<SessionState>(
    db,
    `SELECT u.id AS user_id, u.active AND NOT (COALESCE(u.source, '') = 'signup' AND NOT u.verified) AS active,
            COALESCE(e.epoch, 0) AS session_epoch, e.revoked_at AS sessions_revoked_at
       FROM users u LEFT JOIN user_session_epochs e ON e.user_id = u.id WHERE u.id = $1`,
    [userId],
  );
  if (!row) throw new NotFoundError('User', userId);
  return {
    ...row,
    sessions_revoked_at: row.sessions_revoked_at ? new Date(row.sessions_revoked_at).toISOString() : null,
  };
}

/** Ends every session of the user: the epoch moves on. */
export async function endSessions(db: Db, userId: number): Promise<SessionState> {
  await sessionState(db, userId);
  await db.query(
    `INSERT INTO user_session_epochs (user_id, epoch, revoked_at) VALUES ($1, 1, now())
     ON CONFLICT (user_id) DO UPDATE SET epoch = user_session_epochs.epoch + 1, revoked_at = now()`,
    [userId],
  );
  return sessionState(db, userId);
}
