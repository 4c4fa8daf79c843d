/**
 * Turns a parsed query (parser.ts) into one parameterised SQL condition for a model. Each model
 * (tickets, users, organizations) describes its fields; terms on the default fields and on
 * full-text fields become tsquery text, and neighbouring full-text terms are merged into one
 * tsquery so a single GIN index scan answers them. User text only ever travels as parameters.
 */

import { InvalidError } from '../errors.ts';
import type { Bound, SearchNode } from './parser.ts';
import { escapeLike, parseDate, type TimeSpan, termTsquery } from './text.ts';

/** Collects bind parameters; `add` returns the placeholder. */
export class Params {
  constructor(readonly list: unknown[] = []) {}
  add(value: unknown): string {
    this.list.push(value);
    return `$${this.list.length}`;
  }
}

/** A compiled piece: tsquery text over the model's vector, or an SQL condition. */
export type Compiled = { fts: string } | { sql: string };

export interface TermInput {
  value: string;
  phrase: boolean;
  prefix: boolean;
}

export interface FieldSpec {
  term(p: Params, t: TermInput): Compiled | null;
  range?(p: Params, from: Bound | undefined, to: Bound | undefined): string;
  /** `field:*`. */
  exists?(p: Params): string;
}

export interface SearchModel {
  /** Lower-case field name → spec. */
  fields: Record<string, FieldSpec>;
  /** tsquery text over the default fields → SQL. */
  ftsSql(p: Params, tsquery: string): string;
  /** Weights of the default (unfielded) search; empty means every weight. */
  defaultWeights?: string;
}

const and = (parts: string[]) => (parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`);
const or = (parts: string[]) => (parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`);

function toSql(model: SearchModel, p: Params, c: Compiled): string {
  return 'sql' in c ? c.sql : model.ftsSql(p, c.fts);
}

function freeText(model: SearchModel, t: TermInput): Compiled | null {
  const q = termTsquery(t.value, { prefix: t.prefix, weights: model.defaultWeights ?? '' });
  return q === null ? null : { fts: q };
}

function compile(model: SearchModel, p: Params, node: SearchNode): Compiled | null {
  switch (node.type) {
    case 'all': {
      if (node.field === null) return { sql: 'true' };
      const spec = model.fields[node.field.toLowerCase()];
      return { sql: spec?.exists ? spec.exists(p) : 'true' };
    }
    case 'term': {
      const input = { value: node.value, phrase: node.phrase, prefix: node.prefix };
      if (node.field === null) return freeText(model, input);
      const spec = model.fields[node.field.toLowerCase()];
      // Unknown field: like Zammad's database search, the whole `field:value` is plain text.
      if (!spec) return freeText(model, { ...input, value: `${node.field} ${node.value}`, phrase: true });
      return spec.term(p, input);
    }
    case 'range': {
      const spec = model.fields[node.field.toLowerCase()];
      if (!spec?.range) throw new InvalidError(`Field '${node.field}' does not support ranges.`);
      return { sql: spec.range(p, node.from, node.to) };
    }
    case 'not': {
      const child = compile(model, p, node.child);
      if (child === null) return null;
      if ('fts' in child) return { fts: `!(${child.fts})` };
      return { sql: `NOT COALESCE(${child.sql}, false)` };
    }
    case 'and':
    case 'or': {
      const parts = node.children.map((c) => compile(model, p, c)).filter((c): c is Compiled => c !== null);
      if (parts.length === 0) return null;
      const fts = parts.filter((c): c is { fts: string } => 'fts' in c).map((c) => `(${c.fts})`);
      const sql = parts.filter((c): c is { sql: string } => 'sql' in c).map((c) => c.sql);
      const op = node.type === 'and' ? ' & ' : ' | ';
      if (sql.length === 0) return { fts: fts.join(op) };
      if (fts.length > 0) sql.unshift(model.ftsSql(p, fts.join(op)));
      return { sql: node.type === 'and' ? and(sql) : or(sql) };
    }
  }
}

/** The model's SQL condition for a parsed query, or null for no restriction. */
export function queryCondition(model: SearchModel, p: Params, node: SearchNode | null): string | null {
  if (node === null) return null;
  const c = compile(model, p, node);
  return c === null ? null : toSql(model, p, c);
}

// ---- field spec builders --------------------------------------------------------------------

/** A full-text field: the term restricted to the tsvector weights holding that field. */
export function ftsField(weights: string, refine?: (p: Params, tsquery: string) => string): FieldSpec {
  return {
    term(p, t) {
      const q = termTsquery(t.value, { prefix: t.prefix, weights });
      if (q === null) return null;
      return refine ? { sql: refine(p, q) } : { fts: q };
    },
  };
}

/** Case-insensitive word match on a name column: `pending` finds "pending close". */
export function nameMatch(p: Params, column: string, t: TermInput): string {
  const v = t.value.trim();
  if (t.prefix) {
    const a = p.add(`${escapeLike(v)}%`);
    const b = p.add(`% ${escapeLike(v)}%`);
    return `(lower(${column}) LIKE lower(${a}) OR lower(${column}) LIKE lower(${b}))`;
  }
  return `(' ' || lower(${column}) || ' ') LIKE lower(${p.add(`% ${escapeLike(v)} %`)})`;
}

/** Exact (or prefix) case-insensitive match on a column holding an identifier (login, e-mail). */
export function exactMatch(p: Params, expr: string, t: TermInput): string {
  if (t.prefix) return `${expr} LIKE lower(${p.add(`${escapeLike(t.value.trim())}%`)})`;
  return `${expr} = lower(${p.add(t.value.trim())})`;
}

function intValue(field: string, v: string): number {
  if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v)))
    throw new InvalidError(`Invalid value for field '${field}': ${JSON.stringify(v)}`);
  return Number(v);
}

/** An integer column: `state_id:4`, `article_count:>2`, `id:[10 TO 20]`. */
export function intField(field: string, column: string): FieldSpec {
  return {
    term(p, t) {
      if (t.prefix) return { sql: `${column}::text LIKE ${p.add(`${escapeLike(t.value)}%`)}` };
      return { sql: `${column} = ${p.add(intValue(field, t.value))}` };
    },
    range(p, from, to) {
      const parts: string[] = [];
      if (from) parts.push(`${column} ${from.inclusive ? '>=' : '>'} ${p.add(intValue(field, from.value))}`);
      if (to) parts.push(`${column} ${to.inclusive ? '<=' : '<'} ${p.add(intValue(field, to.value))}`);
      return parts.length ? and(parts) : `${column} IS NOT NULL`;
    },
    exists: () => `${column} IS NOT NULL`,
  };
}

function span(field: string, v: string): TimeSpan {
  const s = parseDate(v);
  if (!s) throw new InvalidError(`Invalid date for field '${field}': ${JSON.stringify(v)}`);
  return s;
}

const ts = (p: Params, d: Date) => `${p.add(d.toISOString())}::timestamptz`;

/**
 * A timestamp column. A date without a time covers its whole day (month, year), as Elasticsearch
 * fills missing components: `[2024-01-01 TO 2024-01-31]` includes all of January 31st.
 */
export function dateField(field: string, column: string): FieldSpec {
  return {
    term(p, t) {
      const s = span(field, t.value);
      if (s.start.getTime() === s.end.getTime()) return { sql: `${column} = ${ts(p, s.start)}` };
      return { sql: `(${column} >= ${ts(p, s.start)} AND ${column} < ${ts(p, s.end)})` };
    },
    range(p, from, to) {
      const parts: string[] = [];
      if (from) {
        const s = span(field, from.value);
        if (from.inclusive) parts.push(`${column} >= ${ts(p, s.start)}`);
        else if (s.start.getTime() === s.end.getTime()) parts.push(`${column} > ${ts(p, s.start)}`);
        else parts.push(`${column} >= ${ts(p, s.end)}`);
      }
      if (to) {
        const s = span(field, to.value);
        if (!to.inclusive) parts.push(`${column} < ${ts(p, s.start)}`);
        else if (s.start.getTime() === s.end.getTime()) parts.push(`${column} <= ${ts(p, s.start)}`);
        else parts.push(`${column} < ${ts(p, s.end)}`);
      }
      return parts.length ? and(parts) : `${column} IS NOT NULL`;
    },
    exists: () => `${column} IS NOT NULL`,
  };
}

/** A boolean column: `active:true`. */
export function boolField(field: string, column: string): FieldSpec {
  return {
    term(_p, t) {
      const v = t.value.toLowerCase();
      if (['true', '1', 't', 'yes'].includes(v)) return { sql: `${column} = true` };
      if (['false', '0', 'f', 'no'].includes(v)) return { sql: `${column} = false` };
      throw new InvalidError(`Invalid value for field '${field}': ${JSON.stringify(t.value)}`);
    },
    exists: () => `${column} IS NOT NULL`,
  };
}

/** A plain text column matched by substring (small tables, or fields rarely searched). */
export function likeField(column: string): FieldSpec {
  return {
    term(p, t) {
      const v = t.value.trim();
      return { sql: `${column} ILIKE ${p.add(`%${escapeLike(v)}%`)}` };
    },
    exists: () => `(${column} IS NOT NULL AND ${column} <> '')`,
  };
}

export { and as sqlAnd, or as sqlOr };
