import fc from 'fast-check';
import type { ApiDoc, Operation } from './openapi.ts';

type Json = Record<string, unknown>;

/** A request the fuzzer sends, kept printable so that a failure shows how to reproduce it. */
export interface FuzzRequest {
  method: string;
  path: string;
  query: [string, string][];
  /** Raw body text (JSON, or deliberately broken). */
  body?: string;
  contentType?: string;
}

/** Strings that have broken servers somewhere: injections, odd Unicode, numbers in disguise. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  "' OR 1=1 --",
  '"; DROP TABLE tickets; --',
  "1'); SELECT pg_sleep(5); --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally.
  '${7*7}',
  '{{7*7}}',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  'a\u0000b',
  '\u202eevil.txt',
  '\ud800',
  '\uffff',
  'Ω≈ç√∫˜µ≤≥÷',
  '🦄'.repeat(40),
  'ǅ̵̡̛͎͔̪͚̯̝̏̓͌͐͂̚',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  '0x7fffffff',
  'true',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  '*',
  'state.name:(',
  'title:"unterminated',
  'AND OR NOT',
  '[',
  '{"a":',
  'guess:',
  'guess:not-an-address',
  'a'.repeat(5000),
];

const hostileString = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.integer({ min: 10_000, max: 120_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
);

const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty');

/** Any JSON value, biased to the hostile: wrong types, prototype keys, deep and wide values. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53, -(2 ** 63), 1.5, Number.MAX_VALUE),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), protoKey), tie('value'), { maxKeys: 5 }),
    fc.integer({ min: 33, max: 3000 }).map((depth) => nest(depth)),
  ),
})).value;

function nest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** A value of a JSON schema (resolved against its document), now and then replaced by a hostile one. */
export function fromSchema(doc: ApiDoc, schema: Json, depth = 0): fc.Arbitrary<unknown> {
  const wellTyped = typed(doc, doc.resolve(schema), depth);
  return fc.oneof({ arbitrary: wellTyped, weight: 4 }, { arbitrary: hostileJson, weight: 1 });
}

function typed(doc: ApiDoc, s: Json, depth: number): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant(null);
  if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...(s.enum as unknown[]));
  if ('const' in s) return fc.constant(s.const);
  const alternatives = (s.oneOf ?? s.anyOf) as Json[] | undefined;
  if (alternatives?.length)
    return fc.oneof(...alternatives.map((a) => typed(doc, doc.resolve(a), depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) return typed(doc, doc.resolve(s.allOf[0] as Json), depth + 1);
  const type = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  if (type.length > 1) return fc.oneof(...type.map((t) => typed(doc, { ...s, type: t }, depth)));
  switch (type[0]) {
    case 'string':
      if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (s.format === 'date') return fc.constantFrom('2026-01-31', '2026-02-30', '1900-01-01', 'tomorrow');
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'email') return fc.constantFrom('a@b.example', 'customer@example.org', 'x@', '@y');
      return fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.constantFrom('Users', 'open', 'closed', 'new', '2 normal'),
      );
    case 'integer':
      return fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constantFrom(2 ** 31, 2 ** 53 - 1));
    case 'number':
      return fc.double({ noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(typed(doc, doc.resolve((s.items as Json) ?? {}), depth + 1), { maxLength: 4 });
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Json>;
      const required = new Set((s.required as string[] | undefined) ?? []);
      const keys = Object.keys(props);
      if (keys.length === 0) return fc.dictionary(fc.string({ maxLength: 10 }), hostileJson, { maxKeys: 3 });
      return fc.record(
        Object.fromEntries(keys.map((k) => [k, fromSchema(doc, props[k] as Json, depth + 1)])),
        { requiredKeys: keys.filter((k) => required.has(k)) },
      );
    }
    default:
      return hostileJson;
  }
}

/** Ids for path parameters: existing records, absent ones and values that are no id at all. */
export function pathValue(ids: number[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...ids).map(String), weight: 4 },
    { arbitrary: fc.integer({ min: 1, max: 30 }).map(String), weight: 2 },
    {
      arbitrary: fc.constantFrom(
        '0',
        '-1',
        '99999999',
        '9007199254740993',
        'abc',
        '1.5',
        '%2e%2e',
        '%00',
        '1%20OR%201=1',
      ),
      weight: 1,
    },
  );
}

const EXTRA_QUERY_KEYS = [
  'condition[__proto__][polluted]',
  'condition[constructor][prototype][polluted]',
  'condition[toString][x]',
  '__proto__',
  'constructor[prototype][polluted]',
  'sort_by',
  'order_by',
  'expand',
  'full',
  'all',
  'page',
  'per_page',
  'limit',
  'query',
  'term',
  'condition[ticket.title][operator]',
  'condition[ticket.title][value]',
  'condition[customer.email][operator]',
  'condition[customer.email][value]',
  'condition[article.body][operator]',
  'condition[article.body][value]',
];

/**
 * Long values stay, but the query as a whole keeps under Node's 16 KB header limit: past it the
 * server answers 431 and drops the connection while the client is still writing, which the
 * client sees as no reply at all (a fact about Node's HTTP parser, not about our routes).
 */
const URL_BUDGET = 12_000;
function withinUrlBudget(query: [string, string][]): [string, string][] {
  let left = URL_BUDGET;
  return query.map(([k, v]) => {
    const room = Math.max(0, Math.floor(left / 3) - k.length);
    const kept = v.length > room ? v.slice(0, room) : v;
    left -= (k.length + kept.length) * 3;
    return [k, kept];
  });
}

/** One request for an operation: its documented parameters (well-typed or not), extra keys, a body. */
export function requestFor(doc: ApiDoc, op: Operation, ids: (op: Operation, param: string) => number[]) {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const path = fc
    .tuple(...pathParams.map((p) => pathValue(ids(op, p.name))))
    .map((values) =>
      pathParams.reduce(
        (t, p, i) => t.replace(`{${p.name}}`, encodeURIComponent(values[i] as string).replace(/%25/g, '%')),
        op.template,
      ),
    );
  const query = fc
    .tuple(
      fc.tuple(...queryParams.map((p) => fc.option(fromSchema(doc, p.schema), { nil: undefined }))),
      fc.array(
        fc.tuple(
          fc.constantFrom(...EXTRA_QUERY_KEYS),
          fc.oneof(hostileString, fc.constantFrom('asc', 'title', 'true', '1', 'is', 'contains')),
        ),
        {
          maxLength: 3,
        },
      ),
    )
    .map(([declared, extra]) =>
      withinUrlBudget([
        ...queryParams.flatMap((p, i) => {
          const v = declared[i];
          return v === undefined
            ? []
            : [[p.name, typeof v === 'string' ? v : JSON.stringify(v)] as [string, string]];
        }),
        ...extra,
      ]),
    );
  const body: fc.Arbitrary<Pick<FuzzRequest, 'body' | 'contentType'>> =
    op.method === 'GET'
      ? fc.constant({})
      : fc.oneof(
          {
            arbitrary: (op.body ? fromSchema(doc, op.body) : hostileJson).map((v) => ({
              body: JSON.stringify(v) ?? 'null',
              contentType: 'application/json',
            })),
            weight: 6,
          },
          {
            arbitrary: hostileJson.map((v) => ({
              body: JSON.stringify(v) ?? 'null',
              contentType: 'application/json',
            })),
            weight: 2,
          },
          {
            arbitrary: fc.constantFrom(
              { body: '{"a":', contentType: 'application/json' },
              { body: '\u0000\u0001', contentType: 'application/json' },
              { body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, contentType: 'application/json' },
              {
                body: 'title=x&article[body]=y&__proto__[polluted]=1',
                contentType: 'application/x-www-form-urlencoded',
              },
              {
                body: '--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--b--',
                contentType: 'multipart/form-data; boundary=b',
              },
              { body: '{}', contentType: 'text/plain' },
            ),
            weight: 1,
          },
          { arbitrary: fc.constant({}), weight: 1 },
        );
  return fc
    .record({ path, query, body })
    .map(({ path, query, body }): FuzzRequest => ({ method: op.method, path, query, ...body }));
}

/** The request as a curl command line, for the failure message. */
export function describeRequest(base: string, r: FuzzRequest, headers: Record<string, string>): string {
  const short = (v: string) => (v.length > 200 ? `${v.slice(0, 200)}…(${v.length} chars)` : v);
  const query = r.query.map(([k, v]) => [k, short(v)]);
  const url = `${base}${r.path}${query.length ? `?${new URLSearchParams(query)}` : ''}`;
  const h = Object.entries(headers).map(
    ([k, v]) => `-H ${JSON.stringify(`${k}: ${k === 'Authorization' || k === 'Cookie' ? '<…>' : v}`)}`,
  );
  const body =
    r.body === undefined
      ? ''
      : ` --data-raw ${JSON.stringify(r.body.length > 400 ? `${r.body.slice(0, 400)}…(${r.body.length} chars)` : r.body)}`;
  return `curl -X ${r.method} ${JSON.stringify(url)} ${h.join(' ')}${r.contentType ? ` -H "Content-Type: ${r.contentType}"` : ''}${body}`;
}
