import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { DeskEnv } from './env.ts';
import { ApiError } from './errors.ts';

/** Anonymous routes (sign-up, verification, password reset, the public KB) take small forms only. */
export const ANONYMOUS_BODY_BYTES = 64 * 1024;

/** Deepest nesting a JSON body may have; Zammad's own payloads nest a handful of levels. */
export const MAX_JSON_DEPTH = 32;

// The rest of the body is never read: the connection cannot carry another request after it.
const tooLarge = () => {
  throw new ApiError(413, 'Request Entity Too Large', true, { Connection: 'close' });
};

/**
 * Bounds every request body before anything reads it: `maxBytes` for requests with credentials
 * (articles carry base64 attachments), ANONYMOUS_BODY_BYTES for requests without. The body is
 * refused unread when its Content-Length says so, and cut off while streaming otherwise.
 */
export function bodyLimits(maxBytes: number): MiddlewareHandler<DeskEnv> {
  const signedIn = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  const anonymous = bodyLimit({ maxSize: ANONYMOUS_BODY_BYTES, onError: tooLarge });
  return (c, next) => {
    // A GET or HEAD is never read as a body: checking would build the whole fetch Request.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return c.req.header('authorization') ? signedIn(c, next) : anonymous(c, next);
  };
}

/** Whether a parsed JSON value nests deeper than `max` (walked without recursion). */
export function tooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
