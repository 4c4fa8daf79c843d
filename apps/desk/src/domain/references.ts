/**
 * References given by id or by name (REFERENCE §2.3): `group_id: 1` or `group: "Users"`,
 * `role_ids: [2]` or `roles: ["Agent"]`, group access maps. The id wins when both are sent;
 * unknown ids and names are Zammad's 422s.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { InvalidError, invalidParam } from './errors.ts';
import { ACCESS_LEVELS } from './permissions.ts';
import type { Row } from './shapes.ts';

/** A table a `belongs_to` reference may point at, with the column holding the name. */
export interface Target {
  table: string;
  column: string;
}

/** The references tickets and articles take by name. */
export const NAMED = {
  group: { table: 'groups', column: 'name' },
  state: { table: 'ticket_states', column: 'name' },
  priority: { table: 'ticket_priorities', column: 'name' },
  organization: { table: 'organizations', column: 'name' },
  type: { table: 'ticket_article_types', column: 'name' },
  sender: { table: 'ticket_article_senders', column: 'name' },
} as const satisfies Record<string, Target>;

export type Named = keyof typeof NAMED;

const digits = (v: unknown) => (typeof v === 'number' ? v : /^\d+$/.test(String(v)) ? Number(v) : Number.NaN);

async function idIn(db: Db, table: string, raw: unknown): Promise<number | undefined> {
  const id = digits(raw);
  if (!Number.isSafeInteger(id)) return undefined;
  return (await one<{ id: number }>(db, `SELECT id FROM ${table} WHERE id = $1`, [id]))?.id;
}

async function idByName(db: Db, target: Target, raw: unknown): Promise<number | undefined> {
  if (typeof raw !== 'string') return undefined;
  return (await one<{ id: number }>(db, `SELECT id FROM ${target.table} WHERE ${target.column} = $1`, [raw]))
    ?.id;
}

/**
 * Resolves `x_id` (wins) or `x` (by name) to an id; null when sent blank, undefined when
 * neither key was sent.
 */
export async function resolveRef(
  db: Db,
  input: Row,
  key: string,
  target: Target = NAMED[key as Named],
): Promise<number | null | undefined> {
  const idKey = `${key}_id`;
  const byId = input[idKey] !== undefined;
  if (!byId && input[key] === undefined) return undefined;
  const raw = byId ? input[idKey] : input[key];
  if (raw === null || raw === '') return null;
  const id = byId ? await idIn(db, target.table, raw) : await idByName(db, target, raw);
  if (id !== undefined) return id;
  throw byId
    ? invalidParam(idKey, raw)
    : new InvalidError(`No lookup value found for '${key}': ${JSON.stringify(raw)}`);
}

/** Resolves each reference named in `refs` (key → target table, by `name`) into `attrs.<key>_id`. */
export async function resolveRefs(
  db: Db,
  refs: Record<string, string>,
  input: Row,
  attrs: Row,
): Promise<void> {
  for (const [key, table] of Object.entries(refs)) {
    const id = await resolveRef(db, input, key, { table, column: 'name' });
    if (id !== undefined) attrs[`${key}_id`] = id;
  }
}

/** Users are referenced by login or e-mail (a string, `-` is the system user), or by id under `x_id`. */
export async function resolveUserRef(db: Db, input: Row, key: string): Promise<number | undefined> {
  const idKey = `${key}_id`;
  const blank = (v: unknown) => v === undefined || v === null || v === '';
  if (!blank(input[idKey])) {
    const id = await idIn(db, 'users', input[idKey]);
    if (id === undefined) throw invalidParam(idKey, input[idKey]);
    return id;
  }
  const raw = input[key];
  if (blank(raw)) return undefined;
  if (typeof raw !== 'string')
    throw new InvalidError(`No lookup value found for '${key}': ${JSON.stringify(raw)}`);
  if (raw === '-') return 1;
  const row = await one<{ id: number }>(
    db,
    `SELECT id FROM users WHERE lower(login) = lower($1) OR (email <> '' AND lower(email) = lower($1))
      ORDER BY (lower(login) = lower($1)) DESC LIMIT 1`,
    [raw],
  );
  if (!row) throw new InvalidError(`No lookup value found for '${key}': ${JSON.stringify(raw)}`);
  return row.id;
}

/** A has-many list given by ids (`role_ids`) or by names (`roles`). */
export interface IdList {
  idsKey: string;
  namesKey: string;
  table: string;
  nameColumn: string;
}

/** Resolves a has-many list, each id once, in order; undefined when neither key was sent. */
export async function resolveIdList(db: Db, input: Row, opts: IdList): Promise<number[] | undefined> {
  const { idsKey, namesKey, table, nameColumn } = opts;
  const byId = input[idsKey] !== undefined;
  if (!byId && input[namesKey] === undefined) return undefined;
  const raw = byId ? input[idsKey] : input[namesKey];
  const values = raw === null || raw === '' ? [] : Array.isArray(raw) ? raw : [raw];
  const out: number[] = [];
  for (const v of values) {
    const id = byId ? await idIn(db, table, v) : await idByName(db, { table, column: nameColumn }, v);
    if (id === undefined)
      throw new InvalidError(
        byId
          ? `No value found for '${namesKey}' with id ${String(v)}`
          : `No lookup value found for '${namesKey}': ${JSON.stringify(v)}`,
      );
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

/** Replaces the rows of a join table that belong to one owner (`roles_users` of a user...). */
export async function replaceJoin(
  db: Db,
  join: { table: string; owner: string; other: string },
  ownerId: number,
  ids: number[],
): Promise<void> {
  await db.query(`DELETE FROM ${join.table} WHERE ${join.owner} = $1`, [ownerId]);
  if (ids.length === 0) return;
  await db.query(`INSERT INTO ${join.table} (${join.owner}, ${join.other}) SELECT $1, unnest($2::int[])`, [
    ownerId,
    ids,
  ]);
}

/** A has-many relation kept in a join table, given by ids (`role_ids`) or by names (`roles`). */
export interface HasMany extends IdList {
  join: { table: string; owner: string; other: string };
}

/** Rewrites the relation when the input names it; returns its ids (undefined when not sent). */
export async function writeHasMany(
  db: Db,
  input: Row,
  ownerId: number,
  rel: HasMany,
): Promise<number[] | undefined> {
  const ids = await resolveIdList(db, input, rel);
  if (ids !== undefined) await replaceJoin(db, rel.join, ownerId, ids);
  return ids;
}

/** Parses `group_ids` / `groups` maps: `{"1": ["read"]}`, `{"Users": "full"}`, or an id array (full). */
export function parseAccessMap(raw: unknown, key: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (raw === null || raw === undefined || raw === '') return out;
  if (Array.isArray(raw)) {
    for (const v of raw) out.set(String(v), ['full']);
    return out;
  }
  if (typeof raw !== 'object') throw invalidParam(key, raw);
  for (const [k, v] of Object.entries(raw as Row)) {
    const levels = (Array.isArray(v) ? v : [v]).map(String).filter(Boolean);
    if (levels.some((l) => !(ACCESS_LEVELS as readonly string[]).includes(l))) throw invalidParam(key, raw);
    if (levels.length) out.set(k, [...new Set(levels)]);
  }
  return out;
}

/**
 * Resolves a group access map given by id (`group_ids`) or by name (`groups`) to
 * group id → levels, with Zammad's 422 messages. `group_ids` wins.
 */
export async function resolveGroupAccess(db: Db, input: Row): Promise<Map<number, string[]> | undefined> {
  const byId = input.group_ids !== undefined;
  if (!byId && input.groups === undefined) return undefined;
  const map = parseAccessMap(byId ? input.group_ids : input.groups, byId ? 'group_ids' : 'groups');
  const out = new Map<number, string[]>();
  for (const [k, levels] of map) {
    const id = byId ? await idIn(db, 'groups', k) : await idByName(db, NAMED.group, k);
    if (id === undefined)
      throw new InvalidError(
        byId
          ? `No value found for 'groups' with id ${k}`
          : `No lookup value found for 'groups': ${JSON.stringify(k)}`,
      );
    out.set(id, levels);
  }
  return out;
}

/** Replaces a join table's rows holding group access (groups_users / groups_roles). */
export async function replaceGroupAccess(
  db: Db,
  table: 'groups_users' | 'groups_roles',
  ownerColumn: 'user_id' | 'role_id',
  ownerId: number,
  access: Map<number, string[]>,
): Promise<void> {
  await db.query(`DELETE FROM ${table} WHERE ${ownerColumn} = $1`, [ownerId]);
  for (const [groupId, levels] of access) {
    for (const level of levels) {
      await db.query(`INSERT INTO ${table} (${ownerColumn}, group_id, access) VALUES ($1, $2, $3)`, [
        ownerId,
        groupId,
        level,
      ]);
    }
  }
}

/** `{ "<group id>": [levels] }` from join-table rows. */
export function accessMap(rows: { group_id: number; access: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of rows) {
    const key = String(r.group_id);
    out[key] = [...(out[key] ?? []), r.access];
  }
  return out;
}
