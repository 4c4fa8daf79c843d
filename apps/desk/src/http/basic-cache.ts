/**
 * Verified Basic credentials, remembered so that a Basic-authenticated request costs about what
 * a token costs (issue 15): checking a password is a deliberately slow scrypt hash, and
 * Zammad's clients send the password with every call.
 *
 * What is kept is never the password: an entry is found by an HMAC-SHA256 of the login and the
 * password under a key drawn at random when the process starts (so the cache holds nothing an
 * attacker could test passwords against, even from a memory dump of another process), and holds
 * only the user's id and the `auth_version` read before the password was checked. An entry is
 * used only while
 * - it is younger than `ttlMs` (60 s by default), and
 * - `auth_version` has not moved: it moves on every change to users, roles, groups and
 *   organizations (migration 0008), so a password change, a deactivation or a role change
 *   in any desk process ends every cached sign-in at once, and
 * - the login has no failed attempts in the current window (a failure since sends the next
 *   right password through the full check, which also clears the count as Zammad does), and
 *   API password access is still allowed (both read with `auth_version` in the one statement
 *   the cached path costs).
 * A wrong password never matches an entry (another digest) and always pays the full check.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';

export interface BasicEntry {
  userId: number;
  version: number;
  expires: number;
}

/** What the cached path reads, in one statement. */
export interface BasicState {
  /** The `api_password_access` setting. */
  enabled: unknown;
  version: number;
  /** Failed attempts of this login in the current window. */
  failed: number;
}

export class BasicCache {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, BasicEntry>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 10_000,
  ) {}

  digest(login: string, password: string): string {
    return createHmac('sha256', this.key).update(login).update('\0').update(password).digest('base64url');
  }

  get(digest: string, now = Date.now()): BasicEntry | undefined {
    const entry = this.entries.get(digest);
    if (entry && entry.expires <= now) {
      this.entries.delete(digest);
      return undefined;
    }
    return entry;
  }

  set(digest: string, userId: number, version: number, now = Date.now()): void {
    // Map keeps insertion order: the oldest entry goes first when the cache is full.
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(digest);
    this.entries.set(digest, { userId, version, expires: now + this.ttlMs });
  }

  drop(digest: string): void {
    this.entries.delete(digest);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The settings, the auth version and the login's failure count the cached path checks. */
export async function basicState(db: Db, throttleKey: string): Promise<BasicState> {
  const row = await one<BasicState>(
    db,
    `SELECT (SELECT value FROM settings WHERE name = 'api_password_access') AS enabled,
            (SELECT version FROM auth_version WHERE id = 1) AS version,
            COALESCE((SELECT count FROM auth_throttles WHERE key = $1 AND window_end > now()), 0) AS failed`,
    [throttleKey],
  );
  return {
    enabled: row?.enabled,
    version: Number(row?.version ?? 0),
    failed: Number(row?.failed ?? 0),
  };
}
