import { describe, expect, it } from 'vitest';
import { parseQuery, SearchSyntaxError } from '../src/domain/search/parser.ts';
import { Params, queryCondition, type SearchModel } from '../src/domain/search/sql.ts';
import { parseDate, termTsquery, words } from '../src/domain/search/text.ts';

const term = (
  value: string,
  field: string | null = null,
  extra: { phrase?: boolean; prefix?: boolean } = {},
) => ({
  type: 'term',
  field,
  value,
  phrase: extra.phrase ?? false,
  prefix: extra.prefix ?? false,
});
const raw = (q: string) => parseQuery(q, { appendWildcard: false });

describe('query parser', () => {
  it('treats blank and * as no restriction', () => {
    expect(parseQuery('')).toBeNull();
    expect(parseQuery('   ')).toBeNull();
    expect(parseQuery('*')).toBeNull();
  });

  it('appends * (prefix) to a query without a colon, as Zammad does', () => {
    expect(parseQuery('printer')).toEqual(term('printer', null, { prefix: true }));
    expect(parseQuery('hello wor')).toEqual({
      type: 'and',
      children: [term('hello'), term('wor', null, { prefix: true })],
    });
    // With a colon nothing is appended.
    expect(parseQuery('title:printer')).toEqual(term('printer', 'title'));
  });

  it('joins free words with AND by default', () => {
    expect(raw('a b c')).toEqual({ type: 'and', children: [term('a'), term('b'), term('c')] });
  });

  it('reads quoted phrases, with escaped quotes inside', () => {
    expect(raw('"printer on fire"')).toEqual(term('printer on fire', null, { phrase: true }));
    expect(raw('"say \\"hi\\""')).toEqual(term('say "hi"', null, { phrase: true }));
  });

  it('reads a trailing * as a prefix and a lone * as everything', () => {
    expect(raw('print*')).toEqual(term('print', null, { prefix: true }));
    expect(raw('foo AND *')).toEqual(term('foo'));
    expect(raw('state.name:*')).toEqual({ type: 'all', field: 'state.name' });
  });

  it('reads field:value, field:"quoted value" and field:(a OR b)', () => {
    expect(raw('state.name:open')).toEqual(term('open', 'state.name'));
    expect(raw('organization.name:"Acme Inc"')).toEqual(
      term('Acme Inc', 'organization.name', { phrase: true }),
    );
    expect(raw('state.name:(new OR open)')).toEqual({
      type: 'or',
      children: [term('new', 'state.name'), term('open', 'state.name')],
    });
    expect(raw('customer.email:x@y.z')).toEqual(term('x@y.z', 'customer.email'));
  });

  it('keeps colons inside values after a field (times)', () => {
    expect(raw('created_at:2024-01-01T10:00:00Z')).toEqual(term('2024-01-01T10:00:00Z', 'created_at'));
  });

  it('reads ranges, inclusive and exclusive, with open ends', () => {
    expect(raw('created_at:[2024-01-01 TO 2024-02-01]')).toEqual({
      type: 'range',
      field: 'created_at',
      from: { value: '2024-01-01', inclusive: true },
      to: { value: '2024-02-01', inclusive: true },
    });
    expect(raw('article_count:{1 TO *]')).toEqual({
      type: 'range',
      field: 'article_count',
      from: { value: '1', inclusive: false },
    });
  });

  it('reads comparisons with date math', () => {
    expect(raw('created_at:>now-7d')).toEqual({
      type: 'range',
      field: 'created_at',
      from: { value: 'now-7d', inclusive: false },
    });
    expect(raw('created_at:<=2024-01-01')).toEqual({
      type: 'range',
      field: 'created_at',
      to: { value: '2024-01-01', inclusive: true },
    });
  });

  it('gives NOT precedence over AND, and AND over OR', () => {
    expect(raw('a OR b AND NOT c')).toEqual({
      type: 'or',
      children: [term('a'), { type: 'and', children: [term('b'), { type: 'not', child: term('c') }] }],
    });
    expect(raw('(a OR b) c')).toEqual({
      type: 'and',
      children: [{ type: 'or', children: [term('a'), term('b')] }, term('c')],
    });
  });

  it('accepts &&, ||, !, -term and +term', () => {
    expect(raw('a && b || !c')).toEqual({
      type: 'or',
      children: [
        { type: 'and', children: [term('a'), term('b')] },
        { type: 'not', child: term('c') },
      ],
    });
    expect(raw('+a -b')).toEqual({ type: 'and', children: [term('a'), { type: 'not', child: term('b') }] });
    // A hyphen inside a word is part of it.
    expect(raw('foo-bar')).toEqual(term('foo-bar'));
  });

  it('treats lower-case and/or/not as words', () => {
    expect(raw('salt and pepper')).toEqual({
      type: 'and',
      children: [term('salt'), term('and'), term('pepper')],
    });
  });

  it('resolves backslash escapes', () => {
    expect(raw('a\\:b')).toEqual(term('a:b'));
    expect(raw('1\\*2')).toEqual(term('1*2'));
    expect(raw('\\(x\\)')).toEqual(term('(x)'));
  });

  it('rejects broken queries with a clear message', () => {
    for (const [q, msg] of [
      ['(a OR b', "Unbalanced '('"],
      ['a)', "Unbalanced ')'"],
      ['"open', 'Unterminated quote'],
      ['a AND', "Missing term after 'AND'"],
      ['OR a', "Missing term before 'OR'"],
      ['NOT', "Missing term after 'NOT'"],
      ['state.name:', "Missing value for field 'state.name'"],
      ['created_at:[2024 2025]', "Expected 'TO'"],
      ['created_at:[2024 TO 2025', 'Unterminated range'],
      ['()', 'Empty parentheses'],
    ] as const) {
      expect(() => raw(q), q).toThrow(SearchSyntaxError);
      expect(() => raw(q), q).toThrow(msg);
    }
  });
});

describe('tsquery text', () => {
  it('splits like the index does (e-mail addresses, dots, underscores)', () => {
    expect(words('bob@example.org')).toEqual(['bob', 'example', 'org']);
    expect(words("don't foo_bar v2.0 Élan")).toEqual(['don', 't', 'foo', 'bar', 'v2', '0', 'Élan']);
  });

  it('quotes words, chains them as a phrase, and marks the prefix and weights', () => {
    expect(termTsquery('printer')).toBe("'printer'");
    expect(termTsquery('print', { prefix: true })).toBe("'print':*");
    expect(termTsquery('on fire', { prefix: true, weights: 'A' })).toBe("'on':A <-> 'fire':*A");
    expect(termTsquery("'); DROP TABLE x; --")).toBe("'DROP' <-> 'TABLE' <-> 'x'");
    expect(termTsquery('!!!')).toBeNull();
  });
});

describe('date math', () => {
  const now = new Date('2024-03-15T12:34:56.000Z');
  it('reads now with offsets and rounding', () => {
    expect(parseDate('now', now)?.start.toISOString()).toBe('2024-03-15T12:34:56.000Z');
    expect(parseDate('now-7d', now)?.start.toISOString()).toBe('2024-03-08T12:34:56.000Z');
    expect(parseDate('now+2h', now)?.start.toISOString()).toBe('2024-03-15T14:34:56.000Z');
    expect(parseDate('now-1M', now)?.start.toISOString()).toBe('2024-02-15T12:34:56.000Z');
    expect(parseDate('now-1y', now)?.start.toISOString()).toBe('2023-03-15T12:34:56.000Z');
    expect(parseDate('now-1w', now)?.start.toISOString()).toBe('2024-03-08T12:34:56.000Z');
    const day = parseDate('now/d', now);
    expect(day?.start.toISOString()).toBe('2024-03-15T00:00:00.000Z');
    expect(day?.end.toISOString()).toBe('2024-03-16T00:00:00.000Z');
  });

  it('reads dates as whole periods and times as instants', () => {
    const d = parseDate('2024-02-01');
    expect(d?.start.toISOString()).toBe('2024-02-01T00:00:00.000Z');
    expect(d?.end.toISOString()).toBe('2024-02-02T00:00:00.000Z');
    expect(parseDate('2024-02')?.end.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    const t = parseDate('2024-02-01T10:00:00Z');
    expect(t?.start.getTime()).toBe(t?.end.getTime());
    expect(parseDate('2024-02-30')).toBeUndefined();
    expect(parseDate('yesterday')).toBeUndefined();
  });
});

describe('SQL builder', () => {
  const model: SearchModel = {
    fields: {
      title: {
        term: (_p, t) => ({ fts: `'${t.value}':A` }),
      },
      state: { term: (p, t) => ({ sql: `x.state = ${p.add(t.value)}` }) },
    },
    ftsSql: (p, q) => `x.v @@ to_tsquery(${p.add(q)})`,
  };

  it('merges neighbouring full-text terms into one tsquery and parameterises everything', () => {
    const p = new Params();
    const sql = queryCondition(model, p, parseQuery('foo title:bar state:open'));
    expect(sql).toBe('(x.v @@ to_tsquery($2) AND x.state = $1)');
    expect(p.list).toEqual(['open', "('foo') & ('bar':A)"]);
  });

  it('maps OR and NOT, and never puts user text into the SQL', () => {
    const p = new Params([42]);
    const sql = queryCondition(model, p, parseQuery('state:x\' OR NOT state:"y;--"'));
    expect(sql).toBe('(x.state = $2 OR NOT COALESCE(x.state = $3, false))');
    expect(p.list).toEqual([42, "x'", 'y;--']);
  });

  it('searches an unknown field:value as a phrase of the default fields', () => {
    const p = new Params();
    expect(queryCondition(model, p, parseQuery('Error: disk'))).toBe('x.v @@ to_tsquery($1)');
    expect(p.list).toEqual(["'Error' <-> 'disk'"]);
  });
});
