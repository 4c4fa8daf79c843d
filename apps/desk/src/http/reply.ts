import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** Replies with Zammad's exact content type (PHP's client needs `application/json;`). */
export function reply(c: Context, body: unknown, status: ContentfulStatusCode = 200): Response {
  return c.body(JSON.stringify(body), status, { 'Content-Type': JSON_TYPE });
}
