/**
 * The domain half of a plain Zammad resource: how its records are read, shaped and written.
 * Every hook has a default, so a new resource (a calendar, an SLA) needs only its table and
 * model name; the existing ones replace the defaults where Zammad's rules differ.
 */
import type { Db } from '../db/client.ts';
import type { Actor } from './actor.ts';
import { ForbiddenError } from './errors.ts';
import { recordChanges, recordCreated, recordRemoved } from './history.ts';
import {
  deleteRow,
  EVERYTHING,
  hasReferences,
  inScope,
  insertRow,
  loadRow,
  referencesError,
  type Scope,
  updateRow,
  writableAttributes,
} from './records.ts';
import { resolveRefs } from './references.ts';
import { withCreatorNames, withRefNames } from './serialize.ts';
import { type Assets, addAsset, hasAsset, type RecordShape, type Row } from './shapes.ts';

export interface RecordModel<I extends Row = Row> {
  table: string;
  /** Zammad's class name: 404 messages (`Couldn't find Group with 'id'=9`) and history rows. */
  model: string;
  /** Asset bucket: the class name without `::` (default). */
  assetKey?: string;
  /** belongs_to references given by id or name: key → table with a `name` column. */
  refs?: Record<string, string>;
  /** Columns the input never writes (besides id, created_*, updated_*). */
  readOnly?: readonly string[];
  /** Columns that point at this table: delete is refused (422) while one does. */
  referencedBy?: readonly [string, string][];
  /** Records Zammad's history rows (created, updated per attribute, removed). */
  history?: boolean;

  /** The records a caller may list and see, as SQL on alias `r` (default: all). */
  scope?(db: Db, actor: Actor): Scope | Promise<Scope>;
  /** Whether a caller may see one record (default: it lies in `scope`); false is 403. */
  canShow?(db: Db, actor: Actor, row: Row): boolean | Promise<boolean>;
  /** Plain and expanded shapes (default: the columns; expand adds ref names and creators). */
  serialize?(db: Db, actor: Actor, rows: Row[], shape: RecordShape): Promise<Row[]>;
  /** Adds records (and what they drag along) to assets (default: the plain records). */
  addAssets?(db: Db, actor: Actor, ids: number[], assets: Assets): Promise<void>;

  /** Checks and completes the attributes before they are written (`current` on update). */
  prepare?(db: Db, actor: Actor, attrs: Row, input: I, current?: Row): Promise<void> | void;
  /** Writes what hangs off the record (join tables) once it is stored. */
  afterWrite?(db: Db, actor: Actor, row: Row, input: I, current?: Row): Promise<void>;
  /** Replace the default writes entirely. */
  create?(db: Db, actor: Actor, input: I): Promise<number>;
  update?(db: Db, actor: Actor, id: number, input: I): Promise<void>;
  remove?(db: Db, actor: Actor, id: number): Promise<void>;
}

export const assetKeyOf = (m: RecordModel) => m.assetKey ?? m.model.replaceAll('::', '');

export async function scopeOf(m: RecordModel, db: Db, actor: Actor): Promise<Scope> {
  return m.scope ? m.scope(db, actor) : EVERYTHING;
}

/** A record the caller may see: 404 when missing, 403 when hidden from them. */
export async function loadVisible(m: RecordModel, db: Db, actor: Actor, id: number): Promise<Row> {
  const row = await loadRow<Row>(db, m.table, m.model, id);
  const visible = m.canShow
    ? await m.canShow(db, actor, row)
    : !m.scope || (await inScope(db, m.table, await m.scope(db, actor), id));
  if (!visible) throw new ForbiddenError();
  return row;
}

export async function serializeRecords(
  m: RecordModel,
  db: Db,
  actor: Actor,
  rows: Row[],
  shape: RecordShape,
): Promise<Row[]> {
  if (m.serialize) return m.serialize(db, actor, rows, shape);
  const out = rows.map((r) => ({ ...r }));
  if (shape === 'expand' && out.length > 0) {
    await withRefNames(db, out, m.refs ?? {});
    await withCreatorNames(db, out);
  }
  return out;
}

export async function addRecordAssets(
  m: RecordModel,
  db: Db,
  actor: Actor,
  ids: number[],
  assets: Assets,
): Promise<void> {
  if (m.addAssets) return m.addAssets(db, actor, ids, assets);
  const key = assetKeyOf(m);
  const todo = [...new Set(ids)].filter((id) => !hasAsset(assets, key, id));
  if (todo.length === 0) return;
  const rows = await db.query<Row>(`SELECT * FROM ${m.table} WHERE id = ANY($1) ORDER BY id`, [todo]);
  for (const r of await serializeRecords(m, db, actor, rows, 'plain')) addAsset(assets, key, r);
}

async function attributes<I extends Row>(
  m: RecordModel<I>,
  db: Db,
  actor: Actor,
  input: I,
  current?: Row,
): Promise<Row> {
  const attrs = await writableAttributes(db, m.table, input, m.readOnly);
  await m.prepare?.(db, actor, attrs, input, current);
  await resolveRefs(db, m.refs ?? {}, input, attrs);
  return attrs;
}

export async function createRecord<I extends Row>(m: RecordModel<I>, db: Db, actor: Actor, input: I) {
  if (m.create) return m.create(db, actor, input);
  const attrs = await attributes(m, db, actor, input);
  const row = await insertRow<Row & { id: number }>(db, m.table, attrs, actor.user.id);
  await m.afterWrite?.(db, actor, row, input);
  if (m.history) await recordCreated(db, m.model, row.id, actor.user.id);
  return row.id;
}

export async function updateRecord<I extends Row>(
  m: RecordModel<I>,
  db: Db,
  actor: Actor,
  id: number,
  input: I,
): Promise<void> {
  if (m.update) return m.update(db, actor, id, input);
  const current = await loadRow<Row>(db, m.table, m.model, id, true);
  const attrs = await attributes(m, db, actor, input, current);
  const row = await updateRow<Row>(db, m.table, id, attrs, actor.user.id);
  await m.afterWrite?.(db, actor, row, input, current);
  if (m.history) await recordChanges(db, m.model, current, row, actor.user.id);
}

export async function removeRecord(m: RecordModel, db: Db, actor: Actor, id: number): Promise<void> {
  if (m.remove) return m.remove(db, actor, id);
  await loadRow(db, m.table, m.model, id, true);
  if (await hasReferences(db, id, m.referencedBy ?? [])) throw referencesError();
  await deleteRow(db, m.table, m.model, id);
  if (m.history) await recordRemoved(db, m.model, id, actor.user.id);
}
