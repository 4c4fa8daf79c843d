import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { BffEnv } from '../context.ts';

/**
 * Fixed-window attempt counters kept in this process's memory (no BFF_DATABASE_URL). With
 * BFF_DATABASE_URL the counters live in PostgreSQL (lib/pg-state.ts), shared by every BFF process.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string, now = Date.now()): number {
    const h = this.hits.get(key);
    if (!h || h.resetAt <= now) return 0;
    return h.count >= this.limit ? Math.ceil((h.resetAt - now) / 1000) : 0;
  }

  hit(key: string, now = Date.now()): void {
    const h = this.hits.get(key);
    if (!h || h.resetAt <= now) this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
    else h.count += 1;
    if (this.hits.size > 100_000) this.sweep(now);
  }

  /**
   * Counts an attempt now and answers how long to wait (0: go ahead). Checking and counting in
   * one synchronous step means parallel attempts cannot all pass before the first is counted.
   */
  take(key: string, now = Date.now()): number {
    const wait = this.retryAfter(key, now);
    if (wait === 0) this.hit(key, now);
    return wait;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
  }
}

let warnedUntrustedProxy = false;

/**
 * The address sign-in attempts are counted under, or undefined when there is none to trust.
 * Behind a reverse proxy (TRUST_PROXY) every connection comes from the proxy, so the last
 * X-Forwarded-For entry (the one the proxy added, which a client cannot forge) is used. Without
 * TRUST_PROXY the header is not believed (anyone could set it to dodge the limit); but a request
 * that carries it most likely came through a proxy nobody declared, and counting it under the
 * proxy's address would lock everyone out together after a few failures. Such requests get no
 * address key (per-account limits, here and in the upstream, still hold), and the operator is told
 * once to set TRUST_PROXY.
 */
export function clientAddress(c: Context<BffEnv>): string | undefined {
  const forwarded = c.req.header('x-forwarded-for') ?? c.req.header('forwarded');
  if (c.get('deps').trustProxy) {
    const last = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (last) return last;
  } else if (forwarded) {
    if (!warnedUntrustedProxy) {
      warnedUntrustedProxy = true;
      console.warn(
        'bff: requests carry X-Forwarded-For but TRUST_PROXY is not set: per-address sign-in limits are off for them (set TRUST_PROXY=true behind a reverse proxy)',
      );
    }
    return undefined;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
