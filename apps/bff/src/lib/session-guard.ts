import type { BffDeps } from '../context.ts';
import { upstreamFor } from '../upstream.ts';
import { BffError } from './errors.ts';
import type { SessionData } from './session-cookie.ts';

/** What the upstream says about a signed-in person now. */
export interface PersonState {
  active: boolean;
  /** The session epoch (EOSC extension); undefined when the upstream has none (a real Zammad). */
  epoch: number | undefined;
}

/**
 * Server-side revocation for the sealed session cookie, without BFF state: the upstream is asked
 * (with the service token, no `From`) whether the person is still active and which session epoch
 * they are at (`GET /users/{id}/sessions`; on an upstream without that extension, `GET
 * /users/{id}` for `active` alone). Answers are cached per person for `ttlMs` (a few seconds), so
 * a deactivation, a password change or "end all sessions" ends a session within that time, in
 * every BFF process, at one upstream call per person and interval.
 */
export class SessionGuard {
  private readonly cache = new Map<string, { at: number; state: Promise<PersonState> }>();
  constructor(readonly ttlMs: number) {}

  /** The person's state, from the cache unless `fresh`. */
  state(deps: BffDeps, uid: number, fresh = false): Promise<PersonState> {
    const key = `${deps.zammadUrl}\n${uid}`;
    const hit = this.cache.get(key);
    if (!fresh && hit && Date.now() - hit.at < this.ttlMs) return hit.state;
    const state = fetchState(deps, uid);
    this.cache.set(key, { at: Date.now(), state });
    // A failed look-up is not remembered: the next request asks again.
    state.catch(() => {
      if (this.cache.get(key)?.state === state) this.cache.delete(key);
    });
    if (this.cache.size > 50_000) this.sweep();
    return state;
  }

  /**
   * Whether the session still stands. When the upstream cannot be asked (down, slow), the
   * session is kept: every call it would make fails the same way, and the answer comes later.
   */
  async valid(deps: BffDeps, s: SessionData): Promise<boolean> {
    let state: PersonState;
    try {
      state = await this.state(deps, s.uid);
    } catch {
      return true;
    }
    if (!state.active) return false;
    return state.epoch === undefined || state.epoch === (s.sep ?? 0);
  }

  forget(deps: BffDeps, uid: number): void {
    this.cache.delete(`${deps.zammadUrl}\n${uid}`);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, v] of this.cache) if (now - v.at >= this.ttlMs) this.cache.delete(k);
  }
}

async function fetchState(deps: BffDeps, uid: number): Promise<PersonState> {
  const service = upstreamFor(deps, undefined);
  try {
    const s = await service.GET('/users/{id}/sessions', { params: { path: { id: uid } } });
    return { active: s.active, epoch: s.session_epoch };
  } catch (err) {
    if (!(err instanceof BffError && err.status === 404)) throw err;
  }
  // No sessions extension (or no such user): `active` from the user record; gone is inactive.
  try {
    const u = await service.GET('/users/{id}', { params: { path: { id: uid } }, expect: 'User' });
    return { active: u.active !== false, epoch: undefined };
  } catch (err) {
    if (err instanceof BffError && err.status === 404) return { active: false, epoch: undefined };
    throw err;
  }
}

const guards = new WeakMap<BffDeps, SessionGuard>();

/** The guard of one BFF app (its deps): one cache per app. */
export function guardFor(deps: BffDeps): SessionGuard {
  let g = guards.get(deps);
  if (!g) {
    g = new SessionGuard(deps.sessionCheckMs ?? 5000);
    guards.set(deps, g);
  }
  return g;
}
