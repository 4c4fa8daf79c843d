import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { BffEnv } from '../context.ts';
import { toBffError } from '../lib/errors.ts';

export const requestId: MiddlewareHandler<BffEnv> = async (c, next) => {
  const id = randomUUID();
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  await next();
};

/** Every error, whatever its source, leaves as `{error, code, request_id}`. */
export function renderError(err: Error, c: Context<BffEnv>): Response {
  const e = toBffError(err);
  // For operators: what broke upstream (or in the BFF itself), beyond the neutral 502.
  if (e.code === 'upstream_error' || e.code === 'upstream_malformed') console.error(e.upstream ?? err);
  if (e.code === 'upstream_unauthorized')
    console.error(`bff: the upstream refused the service token (401): ${e.message}`);
  for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
  return c.json({ error: e.message, code: e.code, request_id: c.get('requestId') ?? '' }, e.status);
}
