/**
 * Attempt counters shared by every desk process (table `auth_throttles`, migration 0013): a
 * fixed window per key, counted with one atomic upsert, so parallel requests and several
 * processes see one count.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';

/** The attempts of `key` in its current window, and the seconds until that window ends. */
export async function attempts(db: Db, key: string): Promise<{ count: number; wait: number }> {
  const row = await one<{ count: number; wait: number }>(
    db,
    `SELECT count, ceil(extract(epoch FROM window_end - now()))::int AS wait
       FROM auth_throttles WHERE key = $1 AND window_end > now()`,
    [key],
  );
  return row ? { count: row.count, wait: Math.max(1, row.wait) } : { count: 0, wait: 0 };
}

/** Counts one more attempt of `key` in its window (a new window when the last one ended). */
export async function countAttempt(db: Db, key: string, windowSeconds: number): Promise<number> {
  const row = await one<{ count: number }>(
    db,
    `INSERT INTO auth_throttles (key, count, window_end) VALUES ($1, 1, now() + make_interval(secs => $2))
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN auth_throttles.window_end <= now() THEN 1 ELSE auth_throttles.count + 1 END,
       window_end = CASE WHEN auth_throttles.window_end <= now() THEN EXCLUDED.window_end
                         ELSE auth_throttles.window_end END
     RETURNING count`,
    [key, windowSeconds],
  );
  return row?.count ?? 1;
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.query('DELETE FROM auth_throttles WHERE key = $1', [key]);
}

/** Runs `fn` for one key at a time in this process (others with the same key wait their turn). */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(fn, fn);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
