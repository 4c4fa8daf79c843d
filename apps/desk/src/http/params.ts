import type { Context } from 'hono';
import { ApiError } from './errors.ts';
import { MAX_JSON_DEPTH, tooDeep } from './limits.ts';

type Raw = Record<string, unknown>;

/** The query string; a key repeated as `x[]=1&x[]=2` is kept as an array, as Rails does. */
function query(c: Context): Raw {
  const out: Raw = { ...c.req.query() };
  for (const key of Object.keys(out)) {
    if (!key.endsWith('[]')) continue;
    const all = c.req.queries(key);
    if (all && all.length > 1) out[key] = all;
  }
  return out;
}

async function multipart(raw: string, type: string): Promise<Raw> {
  const form = await new Request('http://x', { method: 'POST', body: raw, headers: { 'content-type': type } })
    .formData()
    .catch(() => {
      throw new ApiError(422, 'Unable to parse multipart body');
    });
  const out: Raw = {};
  // `__proto__` as a field name would set the object's prototype, not a field.
  for (const [k, v] of form) if (k !== '__proto__') out[k] = v;
  return out;
}

function json(raw: string): Raw {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(422, 'Unable to parse JSON body');
  }
  if (tooDeep(parsed)) throw new ApiError(422, `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Raw;
  throw new ApiError(422, 'The request body must be a JSON object');
}

async function body(c: Context): Promise<Raw> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return {};
  const type = c.req.header('content-type') ?? '';
  const raw = await c.req.text();
  if (raw.trim() === '') return {};
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  if (type.includes('multipart/form-data')) return multipart(raw, type);
  return json(raw);
}

/**
 * Query string and body merged, as Rails does: JSON, form-urlencoded or multipart; body keys
 * win. Read once per request. Routes do not read it directly: they parse it with a zod schema
 * (http/input.ts).
 */
export async function params(c: Context): Promise<Raw> {
  const cached = c.get('params' as never) as Raw | undefined;
  if (cached) return cached;
  const out = { ...query(c), ...(await body(c)) };
  c.set('params' as never, out as never);
  return out;
}
