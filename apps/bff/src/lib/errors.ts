import { ZammadError } from '@eosc/zammad-api';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error of the BFF; rendered as `{error, code, request_id}`. */
export class BffError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The upstream's own failure behind this error, when there is one (its status and body). */
  get upstream(): ZammadError | undefined {
    return this.cause instanceof ZammadError ? this.cause : undefined;
  }
}

const PASSED_THROUGH: Record<number, string> = {
  400: 'bad_request',
  401: 'upstream_unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'invalid',
  429: 'rate_limited',
};

/**
 * Maps an upstream failure to the BFF's error, once, in the upstream client (see upstream.ts):
 * the upstream's own 4xx pass through with its message; a down, slow or broken upstream becomes
 * 503, 504 or 502.
 *
 * An upstream 401 keeps its status but gets the code `upstream_unauthorized`, distinct from
 * the BFF's own `unauthenticated`: calls made for a signed-in person use the BFF's service
 * token, so a 401 there means the token (or the person's upstream account) was refused, not
 * that the BFF session ended. The session cookie is kept, the error is logged for operators,
 * and the SPA shows the message instead of silently signing the person out (signing in again
 * would not help). Only `code: "unauthenticated"` means "the session is gone".
 */
export function fromUpstream(err: ZammadError): BffError {
  const cause = { cause: err };
  if (err.kind === 'timeout') return new BffError(504, 'upstream_timeout', err.message, {}, cause);
  if (err.kind === 'unreachable') return new BffError(503, 'upstream_unavailable', err.message, {}, cause);
  if (err.kind === 'malformed')
    return new BffError(
      502,
      'upstream_malformed',
      `The helpdesk sent a reply the web app cannot read (${err.message})`,
      {},
      cause,
    );
  const code = PASSED_THROUGH[err.status];
  if (code) return new BffError(err.status as ContentfulStatusCode, code, err.message, {}, cause);
  return new BffError(
    502,
    'upstream_error',
    `The helpdesk answered with an error (${err.status})`,
    {},
    cause,
  );
}

/** Any error as the BFF answers it: its own as they are, anything else as a 502. */
export function toBffError(err: unknown): BffError {
  if (err instanceof BffError) return err;
  if (err instanceof ZammadError) return fromUpstream(err);
  // Hono's own refusals of the request (a body that is no JSON): the client's mistake, not a 502.
  if (err instanceof HTTPException && err.status >= 400 && err.status < 500)
    return new BffError(err.status as ContentfulStatusCode, 'invalid_input', err.message);
  return new BffError(502, 'upstream_error', 'The helpdesk could not be used');
}
