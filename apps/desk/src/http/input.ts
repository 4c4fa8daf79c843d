/**
 * Request input as zod schemas with Zammad's (Rails') casts (lib/casts.ts). Query string and
 * body arrive merged (JSON, form-urlencoded or multipart: see params.ts), so numbers and
 * booleans may come as strings. Every route parses its input with a schema built from these;
 * objects are loose, because Zammad accepts (and later drops) attributes it does not know.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { InvalidError, invalidParam, NotFoundError } from '../domain/errors.ts';
import type { ListOptions, Shape, Sort } from '../domain/shapes.ts';
import { isTrue, list, toInt } from '../lib/casts.ts';
import { params } from './params.ts';

/** A flag (`expand`, `full`, `signup`...): absent or anything not true-ish is false. */
export const flag = z.unknown().optional().transform(isTrue);

/** A boolean attribute: absent stays absent; null or blank is null (Rails' nil); else the cast. */
export const bool = z
  .unknown()
  .optional()
  .transform((v) => (v === undefined ? undefined : v === null || v === '' ? null : isTrue(v)));

/** A string attribute; numbers are taken as their text, anything else as blank. */
export const text = z
  .unknown()
  .optional()
  .transform((v) =>
    v === undefined ? undefined : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '',
  );

/** A string or null (clearing the attribute). */
export const nullableText = z
  .unknown()
  .optional()
  .transform((v) =>
    v === undefined || v === null ? v : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '',
  );

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A JSON object, given as an object or (form-encoded) as JSON text. Blank (null, '') is `{}`
 * where `blankIsEmpty`, else invalid like anything that is not an object.
 */
export function jsonObject(name: string, opts: { blankIsEmpty?: boolean } = {}) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      if (opts.blankIsEmpty && (v === null || v === '')) return {};
      const value = typeof v === 'string' ? parseJson(v) : v;
      if (value && typeof value === 'object' && !Array.isArray(value))
        return value as Record<string, unknown>;
      ctx.addIssue({ code: 'custom', message: `Invalid value for param '${name}': ${JSON.stringify(v)}` });
      return z.NEVER;
    });
}

/** A value resolved against the database later (an id or a name): passed on untouched. */
export const ref = z.unknown().optional();

/** One of the given strings, else Zammad's `Invalid value for param '<name>': <value or null>`. */
export function oneOf<T extends string>(name: string, values: readonly T[]) {
  return z.unknown().transform((v, ctx) => {
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    ctx.addIssue({
      code: 'custom',
      message: `Invalid value for param '${name}': ${JSON.stringify(v ?? null)}`,
    });
    return z.NEVER;
  });
}

/** A required integer; anything else is Zammad's `Invalid value for param 'name': …`. */
export function int(name: string) {
  return z.unknown().transform((v, ctx) => {
    const n = toInt(v);
    if (n !== undefined) return n;
    ctx.addIssue({ code: 'custom', message: `Invalid value for param '${name}': ${JSON.stringify(v)}` });
    return z.NEVER;
  });
}

/** An optional integer: absent or blank is undefined. */
export function optionalInt(name: string) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v === '') return undefined;
      const n = toInt(v);
      if (n !== undefined) return n;
      ctx.addIssue({ code: 'custom', message: `Invalid value for param '${name}': ${JSON.stringify(v)}` });
      return z.NEVER;
    });
}

/** A list of strings under `key` or `key[]`; undefined when absent. */
export function stringList(q: Record<string, unknown>, key: string): string[] | undefined {
  const v = q[key] ?? q[`${key}[]`];
  if (v === undefined || v === null || v === '') return undefined;
  return list(v);
}

/** Integers under `key` or `key[]`: `role_ids[]=2`, `role_ids=2,3`, `[2, 3]`; undefined when absent. */
export function intList(q: Record<string, unknown>, key: string): number[] | undefined {
  const items = stringList(q, key);
  if (items?.some((s) => !/^\d+$/.test(s))) throw invalidParam(key, q[key] ?? q[`${key}[]`]);
  return items?.map(Number);
}

/**
 * A structured param: an object, JSON text, or Rails nested query keys (`condition[a][b]=1`,
 * `condition[list][]=x`) rebuilt into an object. Undefined when absent or blank.
 */
export function nested(q: Record<string, unknown>, key: string): unknown {
  const v = q[key];
  if (typeof v === 'string') {
    if (v.trim() === '') return undefined;
    try {
      return JSON.parse(v);
    } catch {
      throw new InvalidError(`Invalid ${key}: not valid JSON`);
    }
  }
  if (v !== undefined) return v;
  let root: Record<string, unknown> | undefined;
  for (const [k, value] of Object.entries(q)) {
    if (!k.startsWith(`${key}[`)) continue;
    const path = [...k.slice(key.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] as string);
    root ??= {};
    setPath(root, path, value);
  }
  return root;
}

/**
 * Keys that would reach an object's prototype (`__proto__`) or its constructor: a nested key
 * holding one of them is dropped whole, as Rack drops what it cannot nest.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const plainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Sets `value` at a nested-params path; an empty segment (`[]`) appends to a list. Only own
 * properties are followed, so `condition[toString][x]` cannot write into a built-in either.
 */
function setPath(root: Record<string, unknown>, path: string[], value: unknown): void {
  if (path.some((seg) => PROTOTYPE_KEYS.has(seg))) return;
  let node = root;
  path.forEach((seg, i) => {
    if (seg === '') return;
    const next = path[i + 1];
    const own = Object.hasOwn(node, seg) ? node[seg] : undefined;
    if (i === path.length - 1 || next === '') {
      node[seg] = next === '' ? [...(Array.isArray(own) ? own : []), value] : value;
    } else {
      node[seg] = plainObject(own) ? own : {};
      node = node[seg] as Record<string, unknown>;
    }
  });
}

/** A number, or the default when absent or not finite (`limit=abc`). */
function number(v: unknown, def: number): number {
  const n = Number(v ?? def);
  return Number.isFinite(n) ? n : def;
}

/** `page` and `per_page` (alias `limit`), 1-based, silently clamped as Zammad does (§2.5). */
export function pageOf(
  q: Record<string, unknown>,
  def: number,
  max: number,
): { limit: number; offset: number } {
  const pageRaw = number(q.page, 1);
  const perRaw = number(q.per_page ?? q.limit, def);
  const page = pageRaw >= 1 ? Math.floor(pageRaw) : 1;
  const per = perRaw >= 1 ? Math.min(Math.floor(perRaw), max) : def;
  return { limit: per, offset: (page - 1) * per };
}

/** A bare `limit` with a default and bounds (`tag_search`, `tag_list`, the global search). */
export function limitOf(v: unknown, def: number, max: number): number {
  const n = Number(v ?? def);
  return Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), max) : def;
}

/** `sort_by` / `order_by`: comma lists or arrays (also as `sort_by[]`). Checked against columns later. */
export function sortOf(q: Record<string, unknown>): Sort {
  return { by: list(q.sort_by ?? q['sort_by[]']), order: list(q.order_by ?? q['order_by[]']) };
}

/** The reply shape: `expand` wins over `full` (REFERENCE §2.4). */
export function shapeOf(q: { expand?: unknown; full?: unknown }): Shape {
  if (isTrue(q.expand)) return 'expand';
  if (isTrue(q.full)) return 'full';
  return 'plain';
}

/** An input schema plus the reply shape asked for (`shape`). */
export function shaped<T extends z.ZodRawShape>(fields: T) {
  return z
    .looseObject({ expand: flag, full: flag, ...fields })
    .transform((q) => ({ ...q, shape: shapeOf(q) }));
}

/** The reply-shape flags alone, for show/create/update. */
export const ShapeQuery = shaped({});

/** Index query: shape, page and sort, with the resource's paging default and maximum. */
export function listQuery(def = 500, max = 1000) {
  return z.looseObject({}).transform((q): ListOptions & Record<string, unknown> => ({
    ...q,
    shape: shapeOf(q),
    ...pageOf(q, def, max),
    sort: sortOf(q),
  }));
}

/** `/<model>/search` of a plain resource: `query` (or `term`), shape and page (50 / 200). */
export function searchQuery(def = 50, max = 200) {
  return z.looseObject({}).transform((q) => ({
    ...q,
    text: typeof q.query === 'string' ? q.query : typeof q.term === 'string' ? q.term : '',
    shape: shapeOf(q),
    ...pageOf(q, def, max),
  }));
}

/** Parses raw input with a schema; the first issue becomes Zammad's 422. */
export function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new InvalidError(result.error.issues[0]?.message ?? 'Invalid input');
}

/** The request's merged parameters, parsed with a schema. */
export async function input<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parse(schema, await params(c));
}

/** A record id from the path (`/:id{[0-9]+}`); one past the safe integers is not found. */
export function pathId(raw: string | undefined, model: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id)) throw new NotFoundError(model, raw);
  return id;
}
