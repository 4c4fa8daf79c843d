/** Sorting and parsing helpers shared by the ticket, user and organization searches. */
import type { Db } from '../../db/client.ts';
import { InvalidError } from '../errors.ts';
import type { Sort } from '../shapes.ts';
import { parseQuery, type SearchNode, SearchSyntaxError } from './parser.ts';

/** Parses a query; syntax errors become 422 with the parser's message. */
export function parseOrReject(text: string): SearchNode | null {
  try {
    return parseQuery(text);
  } catch (err) {
    if (err instanceof SearchSyntaxError) throw new InvalidError(`Invalid search query: ${err.message}`);
    throw err;
  }
}

/** Columns of a table with their types, cached per database kind. */
const typeCache = new Map<string, Map<string, string>>();

/** Drops the cached column types (custom attributes added or dropped). */
export function forgetColumnTypes(): void {
  typeCache.clear();
}

export async function columnTypes(db: Db, table: string): Promise<Map<string, string>> {
  const key = `${db.kind}:${table}`;
  const cached = typeCache.get(key);
  if (cached) return cached;
  const rows = await db.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const map = new Map(rows.map((r) => [r.column_name, r.data_type]));
  if (map.size > 0) typeCache.set(key, map);
  return map;
}

/**
 * `sort_by` / `order_by` (comma lists or arrays) over a whitelist of the table's columns.
 * As in Zammad, `state` means `state_id`. An unknown column or direction is a plain error, so
 * the reply is a 422 (Zammad: a masked 500, §2.5). A missing direction is `desc`, as is the default.
 */
export async function sortClause(
  db: Db,
  sort: Sort,
  table: string,
  alias: string,
  defaults: [string, 'asc' | 'desc'][],
): Promise<string> {
  const columns = await columnTypes(db, table);
  const { by: sorts, order: orders } = sort;
  const parts: string[] = [];
  if (sorts.length === 0) {
    for (const [col, dir] of defaults) parts.push(`${alias}."${col}" ${dir.toUpperCase()}`);
  } else {
    sorts.forEach((raw, i) => {
      const col = columns.has(raw) ? raw : columns.has(`${raw}_id`) ? `${raw}_id` : undefined;
      if (!col || columns.get(col) === 'tsvector')
        throw new InvalidError(`Found invalid column '${raw}' for sorting.`);
      const dir = (orders[i] ?? 'desc').toLowerCase();
      if (dir !== 'asc' && dir !== 'desc')
        throw new InvalidError(`Found invalid order by value '${dir}'. Please use 'asc' or 'desc'.`);
      parts.push(`${alias}."${col}" ${dir.toUpperCase()}`);
    });
    for (const o of orders.slice(sorts.length)) {
      if (!/^(asc|desc)$/i.test(o))
        throw new InvalidError(`Found invalid order by value '${o}'. Please use 'asc' or 'desc'.`);
    }
  }
  // A stable order, so pages neither repeat nor skip records.
  parts.push(`${alias}.id DESC`);
  return parts.join(', ');
}
