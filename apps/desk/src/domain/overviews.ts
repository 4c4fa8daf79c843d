/**
 * Overviews (REFERENCE §3.15), as admins manage them: ticket lists with a `condition`
 * selector, an order, view columns, and the roles and users allowed. What agents and customers
 * see of them is in overview-tickets.ts.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import type { Actor } from './actor.ts';
import type { RecordModel } from './crud.ts';
import { InvalidError, invalidParam, NotFoundError } from './errors.ts';
import { overviewConditionSql } from './overview-conditions.ts';
import { insertRow, updateRow } from './records.ts';
import { replaceJoin, resolveIdList, writeHasMany } from './references.ts';
import { Params } from './search/sql.ts';
import { escapeLike } from './search/text.ts';
import { withCreatorNames } from './serialize.ts';
import type { RecordShape, Row } from './shapes.ts';

export interface OverviewRow {
  id: number;
  name: string;
  link: string;
  prio: number;
  condition: Row;
  order: { by?: string; direction?: string };
  group_by: string | null;
  group_direction: string | null;
  organization_shared: boolean;
  out_of_office: boolean;
  view: Row;
  active: boolean;
  updated_at: Date;
  [key: string]: unknown;
}

/** An overview as sent: JSON objects already parsed, flags cast (http/input.ts). */
export interface OverviewInput extends Row {
  name?: unknown;
  link?: unknown;
  condition?: Row;
  order?: Row;
  view?: Row;
  group_by?: unknown;
  group_direction?: unknown;
  organization_shared?: boolean | null;
  out_of_office?: boolean | null;
  active?: boolean | null;
  prio?: unknown;
}

/** Plain shape: the columns plus `role_ids` and `user_ids`; `expand` adds role names, logins and creators. */
export async function serializeOverviews(db: Db, rows: Row[], shape: RecordShape = 'plain'): Promise<Row[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id as number);
  const [roles, users] = await Promise.all([
    db.query<{ overview_id: number; role_id: number; name: string }>(
      `SELECT orl.overview_id, orl.role_id, r.name FROM overviews_roles orl JOIN roles r ON r.id = orl.role_id
        WHERE orl.overview_id = ANY($1) ORDER BY orl.role_id`,
      [ids],
    ),
    db.query<{ overview_id: number; user_id: number; login: string }>(
      `SELECT ou.overview_id, ou.user_id, u.login FROM overviews_users ou JOIN users u ON u.id = ou.user_id
        WHERE ou.overview_id = ANY($1) ORDER BY ou.user_id`,
      [ids],
    ),
  ]);
  const out = rows.map((r) => {
    const myRoles = roles.filter((x) => x.overview_id === r.id);
    const myUsers = users.filter((x) => x.overview_id === r.id);
    const o: Row = { ...r, role_ids: myRoles.map((x) => x.role_id), user_ids: myUsers.map((x) => x.user_id) };
    if (shape === 'expand') {
      o.roles = myRoles.map((x) => x.name);
      o.users = myUsers.map((x) => x.login);
    }
    return o;
  });
  if (shape === 'expand') await withCreatorNames(db, out);
  return out;
}

function direction(v: unknown, key: string): string {
  const d = String(v ?? '').toUpperCase();
  if (d !== 'ASC' && d !== 'DESC') throw new InvalidError(`Invalid order direction '${String(v)}' (${key})`);
  return d;
}

/** Zammad's `link_name`: lower case, non-alphanumerics to `_`, unique with a `_<n>` suffix. */
async function uniqueLink(db: Db, source: string, selfId: number | null): Promise<string> {
  let base = source
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!base) base = String(selfId ?? Math.floor(Math.random() * 999));
  let candidate = base;
  for (let n = 1; ; n++) {
    const hit = await one<{ id: number }>(db, 'SELECT id FROM overviews WHERE link = $1', [candidate]);
    if (!hit || hit.id === selfId) return candidate;
    candidate = `${base}_${n}`;
  }
}

const blankToNull = (v: unknown) => (v === null || v === '' || v === undefined ? null : v);

/** Attributes an admin may write, validated; `condition` is compiled once to reject bad selectors. */
async function overviewAttributes(
  db: Db,
  actor: Actor,
  input: OverviewInput,
  creating: boolean,
): Promise<Row> {
  const out: Row = {};
  if ('name' in input || creating) {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name) throw new InvalidError("Attribute 'name' required!");
    out.name = name;
  }
  if ('condition' in input || creating) {
    const condition = input.condition ?? {};
    await overviewConditionSql(db, actor, condition, new Params());
    out.condition = condition;
  }
  if (input.order !== undefined) {
    const by = typeof input.order.by === 'string' && input.order.by ? input.order.by : 'created_at';
    out.order = { by, direction: direction(input.order.direction ?? 'ASC', 'order.direction') };
  }
  if ('group_by' in input)
    out.group_by = blankToNull(input.group_by) === null ? null : String(input.group_by);
  if ('group_direction' in input) {
    const g = input.group_direction;
    out.group_direction = blankToNull(g) === null ? null : direction(g, 'group_direction');
  }
  if (input.view !== undefined) out.view = input.view;
  for (const flag of ['organization_shared', 'out_of_office', 'active'] as const)
    if (input[flag] !== undefined && input[flag] !== null) out[flag] = input[flag];
  if (blankToNull(input.prio) !== null) {
    const prio = Number(input.prio);
    if (!Number.isSafeInteger(prio)) throw invalidParam('prio', input.prio);
    out.prio = prio;
  }
  return out;
}

async function writeMembers(db: Db, id: number, input: Row, creating: boolean): Promise<void> {
  const roleIds = await resolveIdList(db, input, {
    idsKey: 'role_ids',
    namesKey: 'roles',
    table: 'roles',
    nameColumn: 'name',
  });
  if (roleIds !== undefined || creating) {
    if (!roleIds || roleIds.length === 0) throw new InvalidError("Attribute 'role_ids' required!");
    await replaceJoin(db, { table: 'overviews_roles', owner: 'overview_id', other: 'role_id' }, id, roleIds);
  }
  await writeHasMany(db, input, id, {
    idsKey: 'user_ids',
    namesKey: 'users',
    table: 'users',
    nameColumn: 'login',
    join: { table: 'overviews_users', owner: 'overview_id', other: 'user_id' },
  });
}

async function createOverview(db: Db, actor: Actor, input: OverviewInput): Promise<number> {
  const attrs = await overviewAttributes(db, actor, input, true);
  const linkSource = typeof input.link === 'string' && input.link.trim() ? input.link : String(attrs.name);
  attrs.link = await uniqueLink(db, linkSource, null);
  if (attrs.prio === undefined) {
    const max = await one<{ m: number | null }>(db, 'SELECT max(prio) AS m FROM overviews');
    attrs.prio = max?.m === null || max?.m === undefined ? 0 : max.m + 1;
  }
  const row = await insertRow<{ id: number }>(db, 'overviews', attrs, actor.user.id);
  await writeMembers(db, row.id, input, true);
  return row.id;
}

/** Zammad's `rearrangement`: a changed prio renumbers the others 1, 2, ... around it. */
async function rearrange(db: Db, id: number, prio: number): Promise<void> {
  const others = await db.query<{ id: number; prio: number }>(
    'SELECT id, prio FROM overviews WHERE id <> $1 ORDER BY prio ASC, updated_at DESC, id ASC',
    [id],
  );
  let next = 0;
  for (const o of others) {
    next += 1;
    if (next === prio) next += 1;
    if (o.prio !== next) await db.query('UPDATE overviews SET prio = $1 WHERE id = $2', [next, o.id]);
  }
}

async function updateOverview(db: Db, actor: Actor, id: number, input: OverviewInput): Promise<void> {
  const current = await one<OverviewRow>(db, 'SELECT * FROM overviews WHERE id = $1 FOR UPDATE', [id]);
  if (!current) throw new NotFoundError('Overview', id);
  const attrs = await overviewAttributes(db, actor, input, false);
  const linkGiven = typeof input.link === 'string' && input.link.trim() !== '';
  if (linkGiven || (attrs.name !== undefined && attrs.name !== current.name)) {
    attrs.link = await uniqueLink(db, linkGiven ? String(input.link) : String(attrs.name), id);
  }
  await updateRow(db, 'overviews', id, attrs, actor.user.id);
  if (attrs.prio !== undefined && attrs.prio !== current.prio) await rearrange(db, id, attrs.prio as number);
  await writeMembers(db, id, input, false);
}

export const OVERVIEWS: RecordModel<OverviewInput> = {
  table: 'overviews',
  model: 'Overview',
  serialize: (db, _actor, rows, shape) => serializeOverviews(db, rows, shape),
  create: createOverview,
  update: updateOverview,
};

/** `POST /overviews_prio {prios: [[id, prio], ...]}` (CanPrioritize): no rearrangement. */
export async function setPrios(db: Db, prios: unknown): Promise<void> {
  if (!Array.isArray(prios)) throw new InvalidError("Invalid value for param 'prios'");
  for (const entry of prios) {
    if (!Array.isArray(entry) || entry.length < 2) throw new InvalidError("Invalid value for param 'prios'");
    const id = Number(entry[0]);
    const prio = Number(entry[1]);
    if (!Number.isSafeInteger(id) || !Number.isSafeInteger(prio))
      throw new InvalidError("Invalid value for param 'prios'");
    await db.query('UPDATE overviews SET prio = $1, updated_at = now() WHERE id = $2 AND prio <> $1', [
      prio,
      id,
    ]);
  }
}

/** `GET /overviews/search`: name or link containing the text, by priority. */
export async function searchOverviews(db: Db, text: string, page: { limit: number; offset: number }) {
  return db.query<Row>(
    `SELECT o.* FROM overviews o WHERE o.name ILIKE $1 OR o.link ILIKE $1
      ORDER BY o.prio ASC, o.id ASC LIMIT ${page.limit} OFFSET ${page.offset}`,
    [`%${escapeLike(text.replace(/\*/g, '').trim())}%`],
  );
}
