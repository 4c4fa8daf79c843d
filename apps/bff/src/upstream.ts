import { createZammadClient, type ZammadAuth, type ZammadClient } from '@eosc/zammad-api';
import type { BffDeps } from './context.ts';
import { fromUpstream } from './lib/errors.ts';

/**
 * Every upstream client of the BFF: replies checked against openapi.yaml, and every failure
 * turned into a BffError here, once (lib/errors.ts says how), so routes get data or a BffError.
 */
function client(deps: BffDeps, auth: ZammadAuth, onDate?: (date: string) => void): ZammadClient {
  return createZammadClient({
    baseUrl: deps.zammadUrl,
    auth,
    timeoutMs: deps.upstreamTimeoutMs,
    mapError: fromUpstream,
    ...(deps.fetch || onDate
      ? {
          fetch: async (req: Request) => {
            // Looked up on every call, so test doubles (MSW) installed later still see requests.
            const res = await (deps.fetch ?? globalThis.fetch)(req);
            const date = res.headers.get('date');
            if (date && onDate) onDate(date);
            return res;
          },
        }
      : {}),
  });
}

/**
 * The one way to reach the upstream: the service token, acting for `person` with `From`.
 * `onDate` hears the `Date` of every reply: the helpdesk's clock, which SLA due times run on.
 */
export function upstreamFor(
  deps: BffDeps,
  person: string | number | undefined,
  onDate?: (date: string) => void,
): ZammadClient {
  return client(deps, { token: deps.zammadToken, onBehalfOf: person }, onDate);
}

/** A person's own credentials, used only to check a sign-in. */
export function upstreamWithPassword(deps: BffDeps, login: string, password: string): ZammadClient {
  return client(deps, { basic: { login, password } });
}

/** No credentials: the upstream's public routes (sign-up, e-mail verification, password reset). */
export function anonymousUpstream(deps: BffDeps): ZammadClient {
  return client(deps, { anonymous: true });
}
