import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { paging, truthy } from '../lib/http.ts';
import { type Actor, can } from './actor.ts';
import { userLogins } from './serialize.ts';

export type Row = Record<string, unknown>;
export type Shape = 'ids' | 'expand';

/** `expand` wins over `full` (REFERENCE §2.4). */
export function shapeOf(q: Row): Shape | 'full' {
  if (truthy(q.expand)) return 'expand';
  if (truthy(q.full)) return 'full';
  return 'ids';
}

/**
 * Whether the caller sees records in full: agents and admins. Everyone else gets Zammad's
 * reduced fields (customers: `filter_unauthorized_attributes`).
 */
export function seesFull(actor: Actor): boolean {
  return can(actor, ['ticket.agent', 'admin.*']);
}

function list(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map(String);
  return String(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * `sort_by` / `order_by` (comma lists or arrays) as an ORDER BY over whitelisted columns.
 * An unknown column or direction is a plain error, so the reply is a 500 as in Zammad (§2.5).
 */
export function orderBy(q: Row, columns: readonly string[], alias = ''): string {
  const sorts = list(q.sort_by ?? q['sort_by[]']);
  const orders = list(q.order_by ?? q['order_by[]']);
  if (sorts.length === 0) sorts.push('id');
  const prefix = alias ? `${alias}.` : '';
  const parts = sorts.map((col, i) => {
    if (!columns.includes(col)) throw new Error(`Invalid sort_by column '${col}'`);
    const dir = (orders[i] ?? orders[0] ?? 'asc').toLowerCase();
    if (dir !== 'asc' && dir !== 'desc') throw new Error(`Invalid order_by value '${dir}'`);
    return `${prefix}"${col}" ${dir.toUpperCase()}`;
  });
  if (!sorts.includes('id')) parts.push(`${prefix}id ASC`);
  return parts.join(', ');
}

/** Generic index paging: default 500, max 1000 (users: 100 / 1000). */
export function indexPaging(q: Row, def = 500, max = 1000): string {
  const { limit, offset } = paging(q, def, max);
  return `LIMIT ${limit} OFFSET ${offset}`;
}

/** Route ids: `/:id{[0-9]+}`, still checked to be a safe integer. */
export function idParam(raw: string | undefined, model: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id)) throw notFound(model, raw);
  return id;
}

/**
 * The columns of a table, in order (the `sort_by` whitelist and the writable attributes).
 * Read on each call, not cached: custom fields (object manager) add columns at run time.
 */
export async function tableColumns(db: Db, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
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
  except: string[] = [],
): Promise<Row> {
  const cols = await tableColumns(db, table);
  const out: Row = {};
  for (const col of cols) {
    if (SERVER_OWNED.has(col) || except.includes(col)) continue;
    if (col in input && input[col] !== undefined) out[col] = input[col];
  }
  return out;
}

/** Casts form-encoded strings to the column's type where Rails would. */
export function castValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** INSERT of the given attributes plus creator/updater; returns the row. */
export async function insertRow<T = Row>(db: Db, table: string, attrs: Row, actorId: number): Promise<T> {
  const keys = Object.keys(attrs);
  const cols = [...keys.map((k) => `"${k}"`), 'created_by_id', 'updated_by_id'];
  const values = keys.map((k) => castValue(attrs[k]));
  const placeholders = [...keys.map((_, i) => `$${i + 1}`), `$${keys.length + 1}`, `$${keys.length + 1}`];
  const row = await one<T>(
    db,
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING *`,
    [...values, actorId],
  );
  return row as T;
}

/** UPDATE of the given attributes (always touching updated_at/updated_by_id); returns the row. */
export async function updateRow<T = Row>(
  db: Db,
  table: string,
  id: number,
  attrs: Row,
  actorId: number,
): Promise<T> {
  const keys = Object.keys(attrs);
  const sets = keys.map((k, i) => `"${k}" = $${i + 1}`);
  sets.push(`updated_by_id = $${keys.length + 1}`, 'updated_at = now()');
  const row = await one<T>(
    db,
    `UPDATE ${table} SET ${sets.join(', ')} WHERE id = $${keys.length + 2} RETURNING *`,
    [...keys.map((k) => castValue(attrs[k])), actorId, id],
  );
  return row as T;
}

/** Loads a row by id under a row lock (last write wins, §2.7), or 404. */
export async function loadRow<T = Row>(db: Db, table: string, model: string, id: number, lock = false) {
  const row = await one<T>(db, `SELECT * FROM ${table} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw notFound(model, id);
  return row;
}

/** Adds `created_by` / `updated_by` logins beside the ids. */
export async function withCreatorNames(db: Db, rows: Row[]): Promise<void> {
  const logins = await userLogins(
    db,
    rows.flatMap((r) => [r.created_by_id, r.updated_by_id]),
  );
  for (const r of rows) {
    const c = logins.get(r.created_by_id as number);
    const u = logins.get(r.updated_by_id as number);
    if (c !== undefined) r.created_by = c;
    if (u !== undefined) r.updated_by = u;
  }
}

export const referencesError = () => new ApiError(422, "Can't delete, object has references.");

/** Whether any of the given `table.column` pairs holds the id. */
export async function hasReferences(db: Db, id: number, refs: [string, string][]): Promise<boolean> {
  const sql = refs.map(([t, c]) => `SELECT 1 FROM ${t} WHERE ${c} = $1`).join(' UNION ALL ');
  return (await db.query(`SELECT EXISTS (${sql}) AS found`, [id]).then((r) => r[0]?.found)) === true;
}

/**
 * Zammad's assets: `{Model: {"<id>": record}}`, each record in its plain shape as the caller
 * may see it. Builders add related objects (a user's roles, groups and organizations).
 */
export type Assets = Record<string, Record<string, Row>>;

export function putAsset(assets: Assets, model: string, record: Row): void {
  const bucket = assets[model] ?? {};
  bucket[String(record.id)] = record;
  assets[model] = bucket;
}

export function hasAsset(assets: Assets, model: string, id: number): boolean {
  return !!assets[model]?.[String(id)];
}

/** Parses `group_ids` / `groups` maps: `{"1": ["read"]}`, `{"Users": "full"}`, or an id array (full). */
export function parseAccessMap(raw: unknown, key: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (raw === null || raw === undefined || raw === '') return out;
  if (Array.isArray(raw)) {
    for (const v of raw) out.set(String(v), ['full']);
    return out;
  }
  if (typeof raw !== 'object')
    throw new ApiError(422, `Invalid value for param '${key}': ${JSON.stringify(raw)}`);
  for (const [k, v] of Object.entries(raw as Row)) {
    const levels = (Array.isArray(v) ? v : [v]).map(String).filter(Boolean);
    for (const l of levels) {
      if (!['read', 'create', 'change', 'overview', 'full'].includes(l)) {
        throw new ApiError(422, `Invalid value for param '${key}': ${JSON.stringify(raw)}`);
      }
    }
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
    const row = byId
      ? /^\d+$/.test(k)
        ? await one<{ id: number }>(db, 'SELECT id FROM groups WHERE id = $1', [Number(k)])
        : undefined
      : await one<{ id: number }>(db, 'SELECT id FROM groups WHERE name = $1', [k]);
    if (!row) {
      throw new ApiError(
        422,
        byId
          ? `No value found for 'groups' with id ${k}`
          : `No lookup value found for 'groups': ${JSON.stringify(k)}`,
      );
    }
    out.set(row.id, levels);
  }
  return out;
}

/**
 * Resolves a has-many list given by id (`<singular>_ids`) or by name (`<plural>`), e.g.
 * `role_ids: [2]` / `roles: ["Agent"]`. Returns undefined when neither key was sent.
 */
export async function resolveIdList(
  db: Db,
  input: Row,
  opts: { idsKey: string; namesKey: string; table: string; nameColumn: string },
): Promise<number[] | undefined> {
  const { idsKey, namesKey, table, nameColumn } = opts;
  const byId = input[idsKey] !== undefined;
  if (!byId && input[namesKey] === undefined) return undefined;
  const raw = byId ? input[idsKey] : input[namesKey];
  const values = raw === null || raw === '' ? [] : Array.isArray(raw) ? raw : [raw];
  const out: number[] = [];
  for (const v of values) {
    let row: { id: number } | undefined;
    if (byId) {
      const n = typeof v === 'number' ? v : /^\d+$/.test(String(v)) ? Number(v) : Number.NaN;
      row = Number.isSafeInteger(n)
        ? await one<{ id: number }>(db, `SELECT id FROM ${table} WHERE id = $1`, [n])
        : undefined;
      if (!row) throw new ApiError(422, `No value found for '${namesKey}' with id ${String(v)}`);
    } else {
      row =
        typeof v === 'string'
          ? await one<{ id: number }>(db, `SELECT id FROM ${table} WHERE ${nameColumn} = $1`, [v])
          : undefined;
      if (!row) throw new ApiError(422, `No lookup value found for '${namesKey}': ${JSON.stringify(v)}`);
    }
    if (!out.includes(row.id)) out.push(row.id);
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

/** What a resource needs for Zammad's three reply shapes. */
export interface ModelKit {
  serialize(db: Db, actor: Actor, rows: Row[], shape: Shape): Promise<Row[]>;
  addAssets(db: Db, actor: Actor, ids: number[], assets: Assets): Promise<void>;
}

/** A list reply: an array (plain / expand) or `{record_ids, assets, total_count}` (full). */
export async function listBody(
  db: Db,
  actor: Actor,
  kit: ModelKit,
  rows: Row[],
  q: Row,
  total: () => Promise<number>,
): Promise<unknown> {
  const shape = shapeOf(q);
  if (shape !== 'full') return kit.serialize(db, actor, rows, shape);
  const ids = rows.map((r) => r.id as number);
  const assets: Assets = {};
  await kit.addAssets(db, actor, ids, assets);
  return { record_ids: ids, assets, total_count: await total() };
}

/** A single-record reply: the record (plain / expand) or `{id, assets}` (full). */
export async function itemBody(db: Db, actor: Actor, kit: ModelKit, row: Row, q: Row): Promise<unknown> {
  const shape = shapeOf(q);
  if (shape !== 'full') return (await kit.serialize(db, actor, [row], shape))[0];
  const assets: Assets = {};
  await kit.addAssets(db, actor, [row.id as number], assets);
  return { id: row.id, assets };
}

/** Ticket states and priorities: small admin-managed tables with the generic CRUD shapes. */
export interface LookupTable {
  table: 'ticket_states' | 'ticket_priorities';
  model: 'Ticket::State' | 'Ticket::Priority';
  /** Asset bucket: class name without `::`. */
  assetKey: 'TicketState' | 'TicketPriority';
  /** belongs_to references given by id or name: key → table. */
  refs: Record<string, string>;
  /** Columns that point at this table (delete is refused while they do). */
  referencedBy: [string, string][];
}

export const TICKET_STATES: LookupTable = {
  table: 'ticket_states',
  model: 'Ticket::State',
  assetKey: 'TicketState',
  refs: { state_type: 'ticket_state_types', next_state: 'ticket_states' },
  referencedBy: [
    ['tickets', 'state_id'],
    ['ticket_states', 'next_state_id'],
  ],
};

export const TICKET_PRIORITIES: LookupTable = {
  table: 'ticket_priorities',
  model: 'Ticket::Priority',
  assetKey: 'TicketPriority',
  refs: {},
  referencedBy: [['tickets', 'priority_id']],
};

async function resolveLookupRefs(db: Db, t: LookupTable, input: Row, attrs: Row): Promise<void> {
  for (const [key, table] of Object.entries(t.refs)) {
    const idKey = `${key}_id`;
    if (input[idKey] !== undefined) {
      const raw = input[idKey];
      if (raw === null || raw === '') {
        attrs[idKey] = null;
        continue;
      }
      const n = typeof raw === 'number' ? raw : /^\d+$/.test(String(raw)) ? Number(raw) : Number.NaN;
      const row = Number.isSafeInteger(n)
        ? await one(db, `SELECT id FROM ${table} WHERE id = $1`, [n])
        : undefined;
      if (!row) throw new ApiError(422, `Invalid value for param '${idKey}': ${JSON.stringify(raw)}`);
      attrs[idKey] = n;
    } else if (input[key] !== undefined) {
      const raw = input[key];
      if (raw === null || raw === '') {
        attrs[idKey] = null;
        continue;
      }
      const row =
        typeof raw === 'string'
          ? await one<{ id: number }>(db, `SELECT id FROM ${table} WHERE name = $1`, [raw])
          : undefined;
      if (!row) throw new ApiError(422, `No lookup value found for '${key}': ${JSON.stringify(raw)}`);
      attrs[idKey] = row.id;
    }
  }
}

/** Only one state/priority is the `default_create` (and `default_follow_up`) one. */
async function keepDefaultsUnique(db: Db, t: LookupTable, id: number, attrs: Row): Promise<void> {
  for (const flag of ['default_create', 'default_follow_up']) {
    if (flag in attrs && truthy(attrs[flag])) {
      await db.query(`UPDATE ${t.table} SET ${flag} = false WHERE id <> $1 AND ${flag}`, [id]);
    }
  }
}

function requireLookupName(attrs: Row, creating: boolean): void {
  if (creating || 'name' in attrs) {
    if (typeof attrs.name !== 'string' || attrs.name.trim() === '')
      throw new ApiError(422, "Attribute 'name' required!");
    attrs.name = attrs.name.trim();
  }
}

export async function createLookup(db: Db, t: LookupTable, actor: Actor, input: Row): Promise<number> {
  const attrs = await writableAttributes(db, t.table, input);
  requireLookupName(attrs, true);
  await resolveLookupRefs(db, t, input, attrs);
  const row = await insertRow<{ id: number }>(db, t.table, attrs, actor.user.id);
  await keepDefaultsUnique(db, t, row.id, attrs);
  return row.id;
}

export async function updateLookup(
  db: Db,
  t: LookupTable,
  actor: Actor,
  id: number,
  input: Row,
): Promise<void> {
  await loadRow(db, t.table, t.model, id, true);
  const attrs = await writableAttributes(db, t.table, input);
  requireLookupName(attrs, false);
  await resolveLookupRefs(db, t, input, attrs);
  await updateRow(db, t.table, id, attrs, actor.user.id);
  await keepDefaultsUnique(db, t, id, attrs);
}

export async function deleteLookup(db: Db, t: LookupTable, id: number): Promise<void> {
  await loadRow(db, t.table, t.model, id, true);
  if (await hasReferences(db, id, t.referencedBy)) throw referencesError();
  await db.query(`DELETE FROM ${t.table} WHERE id = $1`, [id]);
}

/** The shapes of states/priorities: columns; expand adds the names of references and creators. */
export function lookupKit(t: LookupTable): ModelKit {
  return {
    async serialize(db, _actor, rows, shape) {
      const out = rows.map((r) => ({ ...r }));
      if (shape !== 'expand' || out.length === 0) return out;
      for (const [key, table] of Object.entries(t.refs)) {
        const names = new Map(
          (await db.query<{ id: number; name: string }>(`SELECT id, name FROM ${table}`)).map((r) => [
            r.id,
            r.name,
          ]),
        );
        for (const r of out) {
          const id = r[`${key}_id`];
          if (typeof id === 'number' && names.has(id)) (r as Row)[key] = names.get(id);
        }
      }
      await withCreatorNames(db, out);
      return out;
    },
    async addAssets(db, _actor, ids, assets) {
      const todo = [...new Set(ids)].filter((id) => !hasAsset(assets, t.assetKey, id));
      if (todo.length === 0) return;
      const rows = await db.query<Row>(`SELECT * FROM ${t.table} WHERE id = ANY($1) ORDER BY id`, [todo]);
      for (const r of rows) putAsset(assets, t.assetKey, r);
    },
  };
}

/** A record's `name`: required on create, and never blank when sent (trimmed in place). */
export function requireName(attrs: Row, creating: boolean): void {
  if (creating || 'name' in attrs) {
    if (typeof attrs.name !== 'string' || attrs.name.trim() === '')
      throw new ApiError(422, "Attribute 'name' required!");
    attrs.name = attrs.name.trim();
  }
}
