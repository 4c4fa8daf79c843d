/**
 * The resource factory: one definition mounts a plain Zammad CRUD resource under /api/v1 as
 * `GET /<path>`, `GET /<path>/:id`, `POST /<path>`, `PUT /<path>/:id` and `DELETE /<path>/:id`,
 * with Zammad's conventions built in: a permission per action, the reply shapes (plain,
 * `expand=true`, `full=true` assets with `total_count`), paging with Zammad's clamps, `sort_by` /
 * `order_by`, 404/403/422 answers, each write in one transaction, optional history rows.
 *
 * Adding Zammad's `/calendars` is one short file, routes/calendars.ts:
 *
 *   const CalendarInput = z.looseObject({ name: text, timezone: text, default: bool });
 *
 *   export const calendarsRoutes = () =>
 *     resourceRoutes({
 *       path: 'calendars',
 *       table: 'calendars',
 *       model: 'Calendar',
 *       permissions: { read: 'admin.calendar', write: 'admin.calendar' },
 *       input: CalendarInput,
 *       prepare: (_db, _actor, attrs, _input, current) => requireName(attrs, !current),
 *       referencedBy: [['slas', 'calendar_id']],
 *       history: true,
 *     });
 *
 * plus its table (a new migration), one line in app.ts (`api.route('/', calendarsRoutes())`)
 * and its operations in packages/zammad-api/openapi.yaml (the contract test requires both ways).
 * Input keys that are columns of the table are written (others dropped, as Zammad does); `refs`
 * resolve `x` / `x_id` by name or id; `expand` adds their names and the creators' logins. The
 * hooks of RecordModel (domain/crud.ts) replace a default where a resource differs: groups'
 * visibility, users' policy. test/resource-factory.test.ts mounts such a definition.
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Actor } from '../domain/actor.ts';
import {
  addRecordAssets,
  createRecord,
  loadVisible,
  type RecordModel,
  removeRecord,
  scopeOf,
  serializeRecords,
  updateRecord,
} from '../domain/crud.ts';
import { ForbiddenError } from '../domain/errors.ts';
import { countRows, loadRow, orderClause, pageRows, tableColumns } from '../domain/records.ts';
import type { Assets, Row, Shape } from '../domain/shapes.ts';
import { requirePermission } from './auth.ts';
import type { DeskEnv } from './env.ts';
import { input, listQuery, pathId, ShapeQuery } from './input.ts';
import { reply } from './reply.ts';

type Permission = string | string[];
export type Action = 'index' | 'show' | 'create' | 'update' | 'delete';
const ALL_ACTIONS: Action[] = ['index', 'show', 'create', 'update', 'delete'];

export interface ResourceDef<I extends Row = Row> extends RecordModel<I> {
  /** The URL segment under /api/v1: `groups`, `ticket_states`. */
  path: string;
  /**
   * Who may call each action: `read` guards index and show, `write` the others; an action named
   * here wins. null: any signed-in caller (the model's policy hooks decide).
   */
  permissions: { read?: Permission | null; write?: Permission | null } & Partial<
    Record<Action, Permission | null>
  >;
  /** The actions served (default: all five). */
  actions?: Action[];
  /** zod schema of create/update bodies (loose: unknown attributes pass, to be dropped). */
  input: z.ZodType<I>;
  /** Index paging: default and maximum `per_page` (Zammad's generic 500 / 1000). */
  paging?: { default: number; max: number };
  /** Columns never offered to `sort_by` (users' password). */
  unsortable?: string[];
  /** Zammad answers `{}` to these callers' show (organizations, for customers without one). */
  showsNothingTo?(actor: Actor): boolean;
  /** Checked after the 404 and before an update (users' policy); false is 403. */
  canUpdate?(db: Db, actor: Actor, id: number): Promise<boolean>;
  /** Replaces the index reply (tag_list answers its own list). */
  list?(db: Db, actor: Actor, query: Row): Promise<unknown>;
  /** `empty`: writes answer `{}` with 200 instead of the record (tag_list). */
  replies?: 'record' | 'empty';
}

const signedIn: MiddlewareHandler<DeskEnv> = (_c, next) => next();

function guard(def: ResourceDef, action: Action): MiddlewareHandler<DeskEnv> {
  const fallback = action === 'index' || action === 'show' ? def.permissions.read : def.permissions.write;
  const required = action in def.permissions ? def.permissions[action] : fallback;
  return required ? requirePermission(required) : signedIn;
}

/**
 * A list reply: an array (plain / expand) or `{record_ids, assets}` (full), with `total_count`
 * when a count is given (indexes; searches of plain resources have none).
 */
export async function listBody(
  model: RecordModel,
  db: Db,
  actor: Actor,
  rows: Row[],
  shape: Shape,
  total?: () => Promise<number>,
): Promise<unknown> {
  if (shape !== 'full') return serializeRecords(model, db, actor, rows, shape);
  const ids = rows.map((r) => r.id as number);
  const assets: Assets = {};
  await addRecordAssets(model, db, actor, ids, assets);
  return total ? { record_ids: ids, assets, total_count: await total() } : { record_ids: ids, assets };
}

/** A single-record reply: the record (plain / expand) or `{id, assets}` (full). */
export async function itemBody(model: RecordModel, db: Db, actor: Actor, row: Row, shape: Shape) {
  if (shape !== 'full') return (await serializeRecords(model, db, actor, [row], shape))[0];
  const assets: Assets = {};
  await addRecordAssets(model, db, actor, [row.id as number], assets);
  return { id: row.id, assets };
}

async function index(def: ResourceDef, c: Context<DeskEnv>): Promise<Response> {
  const db = c.get('db');
  const actor = c.get('actor');
  if (def.list) return reply(c, await def.list(db, actor, await input(c, z.looseObject({}))));
  const paging = def.paging ?? { default: 500, max: 1000 };
  const q = await input(c, listQuery(paging.default, paging.max));
  const columns = (await tableColumns(db, def.table)).filter((col) => !def.unsortable?.includes(col));
  const scope = await scopeOf(def, db, actor);
  const order = orderClause(q.sort, columns);
  const rows = await pageRows<Row>(db, def.table, scope, { order, limit: q.limit, offset: q.offset });
  return reply(c, await listBody(def, db, actor, rows, q.shape, () => countRows(db, def.table, scope)));
}

async function show(def: ResourceDef, c: Context<DeskEnv>): Promise<Response> {
  const db = c.get('db');
  const actor = c.get('actor');
  if (def.showsNothingTo?.(actor)) return reply(c, {});
  const row = await loadVisible(def, db, actor, pathId(c.req.param('id'), def.model));
  return reply(c, await itemBody(def, db, actor, row, (await input(c, ShapeQuery)).shape));
}

/** After a write: the record as the writer sees it, in the shape asked for. */
async function written(def: ResourceDef, c: Context<DeskEnv>, id: number, status: 200 | 201) {
  if (def.replies === 'empty') return reply(c, {});
  const db = c.get('db');
  const row = await loadRow<Row>(db, def.table, def.model, id);
  const shape = (await input(c, ShapeQuery)).shape;
  return reply(c, await itemBody(def, db, c.get('actor'), row, shape), status);
}

async function create<I extends Row>(def: ResourceDef<I>, c: Context<DeskEnv>): Promise<Response> {
  const body = await input(c, def.input);
  const id = await c.get('db').tx((tx) => createRecord(def, tx, c.get('actor'), body));
  return written(def as ResourceDef, c, id, 201);
}

async function update<I extends Row>(def: ResourceDef<I>, c: Context<DeskEnv>): Promise<Response> {
  const db = c.get('db');
  const actor = c.get('actor');
  const body = await input(c, def.input);
  const id = pathId(c.req.param('id'), def.model);
  if (def.canUpdate) {
    await loadRow(db, def.table, def.model, id);
    if (!(await def.canUpdate(db, actor, id))) throw new ForbiddenError();
  }
  await db.tx((tx) => updateRecord(def, tx, actor, id, body));
  return written(def as ResourceDef, c, id, 200);
}

async function destroy(def: ResourceDef, c: Context<DeskEnv>): Promise<Response> {
  const id = pathId(c.req.param('id'), def.model);
  await c.get('db').tx((tx) => removeRecord(def, tx, c.get('actor'), id));
  return reply(c, {});
}

/** Mounts a resource definition; the returned app may take extra routes (`/groups/search`...). */
export function resourceRoutes<I extends Row>(def: ResourceDef<I>): Hono<DeskEnv> {
  const app = new Hono<DeskEnv>();
  const d = def as unknown as ResourceDef;
  const actions = new Set(def.actions ?? ALL_ACTIONS);
  const one = `/${def.path}/:id{[0-9]+}`;
  if (actions.has('index')) app.get(`/${def.path}`, guard(d, 'index'), (c) => index(d, c));
  if (actions.has('show')) app.get(one, guard(d, 'show'), (c) => show(d, c));
  if (actions.has('create')) app.post(`/${def.path}`, guard(d, 'create'), (c) => create(def, c));
  if (actions.has('update')) app.put(one, guard(d, 'update'), (c) => update(def, c));
  if (actions.has('delete')) app.delete(one, guard(d, 'delete'), (c) => destroy(d, c));
  return app;
}
