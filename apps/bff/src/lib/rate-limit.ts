import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { BffEnv } from '../context.ts';

/**
 * Fixed-window attempt counters kept in memory. Per process: with N BFF processes the
 * effective limit is N times higher, which still stops online password guessing.
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

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
  }
}

/**
 * The address sign-in attempts are counted under. Behind a reverse proxy (TRUST_PROXY) every
 * connection comes from the proxy, so the last X-Forwarded-For entry (the one the proxy added,
 * which a client cannot forge) is used; without a proxy the header is ignored, as anyone could
 * set it to dodge the limit.
 */
export function clientAddress(c: Context<BffEnv>): string {
  if (c.get('deps').trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
