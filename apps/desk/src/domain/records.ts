/**
 * Generic SQL over record tables: the data half of the resource factory (http/resource.ts) and
 * of every plain Zammad resource. Table and column names come from code (definitions, the
 * table's own column list), never from input.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { InvalidError, NotFoundError } from './errors.ts';
import type { Row, Sort } from './shapes.ts';

/** A WHERE condition on alias `r` with its parameters ($1, $2, …). */
export interface Scope {
  sql: string;
  params: unknown[];
}

export const EVERYTHING: Scope = { sql: 'true', params: [] };

/**
 * The columns of a table, in order (the `sort_by` whitelist and the writable attributes).
 * Read on each call, not cached: custom fields (object manager) add columns at run time. Read
 * from the catalog (pg_attribute) rather than information_schema, whose views cost tens of
 * times more per call; the table is found on the search path as information_schema's
 * `current_schema()` filter found it.
 */
export async function tableColumns(db: Db, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT a.attname AS column_name FROM pg_attribute a
      WHERE a.attrelid = (SELECT c.oid FROM pg_class c
                           WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace)
        AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

const SERVER_OWNED = new Set(['id', 'created_by_id', 'updated_by_id', 'created_at', 'updated_at']);

/**
 * The attributes of `input` that are real, client-writable columns (unknown keys are dropped
 * silently, §2.3), minus `except`.
 */
export async function writableAttributes(
  db: Db,
  table: string,
  input: Row,
  except: readonly string[] = [],
): Promise<Row> {
  const cols = await tableColumns(db, table);
  const out: Row = {};
  for (const col of cols) {
    if (SERVER_OWNED.has(col) || except.includes(col)) continue;
    if (col in input && input[col] !== undefined) out[col] = input[col];
  }
  return out;
}

/** Objects and arrays go to json/jsonb columns as JSON text. */
function sqlValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) return JSON.stringify(v);
  return v;
}

/** INSERT of the given attributes plus creator/updater; returns the row. */
export async function insertRow<T = Row>(db: Db, table: string, attrs: Row, actorId: number): Promise<T> {
  const keys = Object.keys(attrs);
  const cols = [...keys.map((k) => `"${k}"`), 'created_by_id', 'updated_by_id'];
  const n = keys.length + 1;
  const placeholders = [...keys.map((_, i) => `$${i + 1}`), `$${n}`, `$${n}`];
  return (await one<T>(
    db,
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING *`,
    [...keys.map((k) => sqlValue(attrs[k])), actorId],
  )) as T;
}

/** UPDATE of the given attributes (always touching updated_at/updated_by_id); returns the row. */
export async function updateRow<T = Row>(
  db: Db,
  table: string,
  id: number,
  attrs: Row,
  actorId: number,
  opts: { clock?: boolean } = {},
): Promise<T> {
  const keys = Object.keys(attrs);
  const sets = keys.map((k, i) => `"${k}" = $${i + 1}`);
  // clock_timestamp(): two saves in one transaction still differ (drafts show who saved last).
  sets.push(
    `updated_by_id = $${keys.length + 1}`,
    `updated_at = ${opts.clock ? 'clock_timestamp()' : 'now()'}`,
  );
  return (await one<T>(
    db,
    `UPDATE ${table} SET ${sets.join(', ')} WHERE id = $${keys.length + 2} RETURNING *`,
    [...keys.map((k) => sqlValue(attrs[k])), actorId, id],
  )) as T;
}

/** Loads a row by id, optionally under a row lock (last write wins, §2.7), or 404. */
export async function loadRow<T = Row>(db: Db, table: string, model: string, id: number, lock = false) {
  const row = await one<T>(db, `SELECT * FROM ${table} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw new NotFoundError(model, id);
  return row;
}

/** Deletes a row by id, or 404. */
export async function deleteRow(db: Db, table: string, model: string, id: number): Promise<void> {
  const rows = await db.query(`DELETE FROM ${table} WHERE id = $1 RETURNING id`, [id]);
  if (rows.length === 0) throw new NotFoundError(model, id);
}

export const referencesError = () => new InvalidError("Can't delete, object has references.");

/** Whether any of the given `table.column` pairs holds the id. */
export async function hasReferences(db: Db, id: number, refs: readonly [string, string][]): Promise<boolean> {
  if (refs.length === 0) return false;
  const sql = refs.map(([t, c]) => `SELECT 1 FROM ${t} WHERE ${c} = $1`).join(' UNION ALL ');
  return (await db.query(`SELECT EXISTS (${sql}) AS found`, [id]).then((r) => r[0]?.found)) === true;
}

/**
 * `sort_by` / `order_by` as an ORDER BY over whitelisted columns of alias `r`. An unknown
 * column or direction is a 422: Zammad answers a (masked) 500 (§2.5), but a 500 for bad input
 * hides real faults among client mistakes (issue 13: no 5xx under fuzzing).
 */
export function orderClause(sort: Sort, columns: readonly string[], alias = 'r'): string {
  const by = sort.by.length > 0 ? sort.by : ['id'];
  const parts = by.map((col, i) => {
    if (!columns.includes(col)) throw new InvalidError(`Invalid sort_by column '${col}'`);
    const dir = (sort.order[i] ?? sort.order[0] ?? 'asc').toLowerCase();
    if (dir !== 'asc' && dir !== 'desc') throw new InvalidError(`Invalid order_by value '${dir}'`);
    return `${alias}."${col}" ${dir.toUpperCase()}`;
  });
  if (!by.includes('id')) parts.push(`${alias}.id ASC`);
  return parts.join(', ');
}

/** One page of a table's rows (alias `r`) within a scope. */
export async function pageRows<T = Row>(
  db: Db,
  table: string,
  scope: Scope,
  page: { order: string; limit: number; offset: number },
): Promise<T[]> {
  return db.query<T>(
    `SELECT r.* FROM ${table} r WHERE ${scope.sql} ORDER BY ${page.order} LIMIT ${page.limit} OFFSET ${page.offset}`,
    scope.params,
  );
}

export async function countRows(db: Db, table: string, scope: Scope): Promise<number> {
  const row = await one<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM ${table} r WHERE ${scope.sql}`,
    scope.params,
  );
  return row?.n ?? 0;
}

/** Whether the row with this id lies within the scope. */
export async function inScope(db: Db, table: string, scope: Scope, id: number): Promise<boolean> {
  const n = scope.params.length;
  const rows = await db.query(`SELECT 1 FROM ${table} r WHERE r.id = $${n + 1} AND ${scope.sql}`, [
    ...scope.params,
    id,
  ]);
  return rows.length > 0;
}

/** A record's `name`: required on create, and never blank when sent (trimmed in place). */
export function requireName(attrs: Row, creating: boolean): void {
  if (creating || 'name' in attrs) {
    if (typeof attrs.name !== 'string' || attrs.name.trim() === '')
      throw new InvalidError("Attribute 'name' required!");
    attrs.name = attrs.name.trim();
  }
}
