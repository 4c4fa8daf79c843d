import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { ApiError } from '../lib/errors.ts';

/** Tables that a `belongs_to` reference may name, with the column holding the name. */
const NAMED = {
  group: { table: 'groups', column: 'name' },
  state: { table: 'ticket_states', column: 'name' },
  priority: { table: 'ticket_priorities', column: 'name' },
  organization: { table: 'organizations', column: 'name' },
  type: { table: 'ticket_article_types', column: 'name' },
  sender: { table: 'ticket_article_senders', column: 'name' },
} as const;

export type Named = keyof typeof NAMED;

/**
 * Resolves `x_id` (wins) or `x` (by name) to an id, with Zammad's 422 messages.
 * Returns undefined when neither key was sent.
 */
export async function resolveRef(
  db: Db,
  input: Record<string, unknown>,
  key: Named,
  idKey = `${key}_id`,
): Promise<number | null | undefined> {
  const { table, column } = NAMED[key];
  if (idKey in input && input[idKey] !== undefined) {
    const raw = input[idKey];
    if (raw === null || raw === '') return null;
    const id = typeof raw === 'number' ? raw : /^\d+$/.test(String(raw)) ? Number(raw) : Number.NaN;
    const row = Number.isSafeInteger(id)
      ? await one<{ id: number }>(db, `SELECT id FROM ${table} WHERE id = $1`, [id])
      : undefined;
    if (!row) throw new ApiError(422, `Invalid value for param '${idKey}': ${JSON.stringify(raw)}`);
    return row.id;
  }
  if (key in input && input[key] !== undefined) {
    const raw = input[key];
    if (raw === null || raw === '') return null;
    const row =
      typeof raw === 'string'
        ? await one<{ id: number }>(db, `SELECT id FROM ${table} WHERE ${column} = $1`, [raw])
        : undefined;
    if (!row) throw new ApiError(422, `No lookup value found for '${key}': ${JSON.stringify(raw)}`);
    return row.id;
  }
  return undefined;
}

/** Users are referenced by login or e-mail (a string), or by id under `x_id`. */
export async function resolveUserRef(
  db: Db,
  input: Record<string, unknown>,
  key: string,
): Promise<number | undefined> {
  const idKey = `${key}_id`;
  if (idKey in input && input[idKey] !== undefined && input[idKey] !== null && input[idKey] !== '') {
    const raw = input[idKey];
    const id = typeof raw === 'number' ? raw : /^\d+$/.test(String(raw)) ? Number(raw) : Number.NaN;
    const row = Number.isSafeInteger(id)
      ? await one<{ id: number }>(db, 'SELECT id FROM users WHERE id = $1', [id])
      : undefined;
    if (!row) throw new ApiError(422, `Invalid value for param '${idKey}': ${JSON.stringify(raw)}`);
    return row.id;
  }
  if (key in input && input[key] !== undefined && input[key] !== null && input[key] !== '') {
    const raw = input[key];
    if (typeof raw !== 'string')
      throw new ApiError(422, `No lookup value found for '${key}': ${JSON.stringify(raw)}`);
    if (raw === '-') return 1;
    const row = await one<{ id: number }>(
      db,
      `SELECT id FROM users WHERE lower(login) = lower($1) OR (email <> '' AND lower(email) = lower($1))
        ORDER BY (lower(login) = lower($1)) DESC LIMIT 1`,
      [raw],
    );
    if (!row) throw new ApiError(422, `No lookup value found for '${key}': ${JSON.stringify(raw)}`);
    return row.id;
  }
  return undefined;
}
