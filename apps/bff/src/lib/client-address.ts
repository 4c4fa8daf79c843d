import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { BffEnv } from '../context.ts';

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
