import { createZammadClient, type ZammadClient, ZammadError } from '@eosc/zammad-api';
import type { BffDeps } from './context.ts';
import { BffError } from './lib/errors.ts';

/** The one way to reach the upstream: the service token, acting for `person` with `From`. */
export function upstreamFor(deps: BffDeps, person: string | number | undefined): ZammadClient {
  return createZammadClient({
    baseUrl: deps.zammadUrl,
    auth: { token: deps.zammadToken, onBehalfOf: person },
    timeoutMs: deps.upstreamTimeoutMs,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
}

/** A person's own credentials, used only to check a sign-in. */
export function upstreamWithPassword(deps: BffDeps, login: string, password: string): ZammadClient {
  return createZammadClient({
    baseUrl: deps.zammadUrl,
    auth: { basic: { login, password } },
    timeoutMs: deps.upstreamTimeoutMs,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
}

/**
 * Maps upstream failures to the BFF's errors: the upstream's own 4xx pass through with its
 * message; a down, slow or broken upstream becomes 503, 504 or 502.
 *
 * An upstream 401 keeps its status but gets the code `upstream_unauthorized`, distinct from
 * the BFF's own `unauthenticated`: calls made for a signed-in person use the BFF's service
 * token, so a 401 there means the token (or the person's upstream account) was refused, not
 * that the BFF session ended. The session cookie is kept, the error is logged for operators,
 * and the SPA shows the message instead of silently signing the person out (signing in again
 * would not help). Only `code: "unauthenticated"` means "the session is gone".
 */
export function upstreamError(err: unknown): BffError {
  if (err instanceof BffError) return err;
  if (err instanceof ZammadError) {
    if (err.kind === 'timeout') return new BffError(504, 'upstream_timeout', err.message);
    if (err.kind === 'unreachable') return new BffError(503, 'upstream_unavailable', err.message);
    if ([400, 401, 403, 404, 409, 422, 429].includes(err.status)) {
      const code = {
        400: 'bad_request',
        401: 'upstream_unauthorized',
        403: 'forbidden',
        404: 'not_found',
        409: 'conflict',
        422: 'invalid',
        429: 'rate_limited',
      }[err.status] as string;
      return new BffError(err.status as 400, code, err.message);
    }
    return new BffError(502, 'upstream_error', `The helpdesk answered with an error (${err.status})`);
  }
  if (err instanceof SyntaxError)
    return new BffError(502, 'upstream_malformed', 'The helpdesk sent a reply that is not valid JSON');
  return new BffError(502, 'upstream_error', 'The helpdesk could not be used');
}
