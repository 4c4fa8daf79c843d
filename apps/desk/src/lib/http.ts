import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from './errors.ts';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** Replies with Zammad's exact content type (PHP's client needs `application/json;`). */
export function reply(c: Context, body: unknown, status: ContentfulStatusCode = 200): Response {
  return c.body(JSON.stringify(body), status, { 'Content-Type': JSON_TYPE });
}

/** Rails casts `true`, `1`, `t`, `on` (any case) to true. */
export function truthy(v: unknown): boolean {
  if (v === true || v === 1) return true;
  if (typeof v !== 'string') return false;
  return ['true', '1', 't', 'on'].includes(v.toLowerCase());
}

/**
 * Query string and body merged, as Rails does: JSON, form-urlencoded or multipart.
 * Body keys win over query keys.
 */
export async function params(c: Context): Promise<Record<string, unknown>> {
  const cached = c.get('params' as never) as Record<string, unknown> | undefined;
  if (cached) return cached;
  const out: Record<string, unknown> = { ...c.req.query() };
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD') {
    const type = c.req.header('content-type') ?? '';
    const raw = await c.req.text();
    if (raw.trim() !== '') {
      if (type.includes('application/x-www-form-urlencoded')) {
        for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
      } else if (type.includes('multipart/form-data')) {
        const form = await new Request('http://x', {
          method: 'POST',
          body: raw,
          headers: { 'content-type': type },
        })
          .formData()
          .catch(() => {
            throw new ApiError(422, 'Unable to parse multipart body');
          });
        for (const [k, v] of form) out[k] = typeof v === 'string' ? v : v;
      } else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          throw new ApiError(422, 'Unable to parse JSON body');
        }
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(out, parsed);
        else throw new ApiError(422, 'The request body must be a JSON object');
      }
    }
  }
  c.set('params' as never, out as never);
  return out;
}

export function intParam(v: unknown, name: string): number {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new ApiError(422, `Invalid value for param '${name}': ${JSON.stringify(v)}`);
  return n;
}

/** Page and per_page (alias limit) with Zammad's silent clamping. */
export function paging(
  q: Record<string, unknown>,
  def: number,
  max: number,
): { limit: number; offset: number } {
  const pageRaw = Number(q.page ?? 1);
  const perRaw = Number(q.per_page ?? q.limit ?? def);
  const page = Number.isFinite(pageRaw) && pageRaw >= 1 ? Math.floor(pageRaw) : 1;
  const per = Number.isFinite(perRaw) && perRaw >= 1 ? Math.min(Math.floor(perRaw), max) : def;
  return { limit: per, offset: (page - 1) * per };
}
