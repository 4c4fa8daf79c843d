/**
 * Overviews (REFERENCE §3.15): admin-managed ticket lists (`condition` selector, order, view
 * columns, roles and users allowed), and what an agent or customer sees of them through
 * `/ticket_overviews`: the overviews they may use with a count each, and one overview's page of
 * tickets. Tickets are scoped as Zammad's TicketPolicy::OverviewScope: agents see groups where
 * they hold `overview` (or `full`), customers their own tickets and their shared organizations'.
 *
 * Counting is one `count(*)` per overview, paging is LIMIT/OFFSET over the overview's order with
 * the ticket id as tie-breaker (stable pages); migration 0007 adds the indexes both use.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { truthy } from '../lib/http.ts';
import { type Actor, groupsWith, isAgent, isCustomer } from './actor.ts';
import { type Assets, addAsset, ticketAssets } from './assets.ts';
import { type Row, resolveIdList, tableColumns } from './reference-data.ts';
import { ConditionCompiler } from './search/condition.ts';
import { Params, sqlAnd } from './search/sql.ts';
import type { TicketRow } from './tickets.ts';

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

/** Zammad shows at most this many tickets of one overview (`ui_ticket_overview_ticket_limit`). */
export const OVERVIEW_TICKET_LIMIT = 2000;

// ---- shapes -------------------------------------------------------------------------------------

/** Plain shape: the columns plus `role_ids` and `user_ids`; `expand` adds role names and logins. */
export async function serializeOverviews(db: Db, rows: Row[], expand = false): Promise<Row[]> {
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
  return rows.map((r) => {
    const myRoles = roles.filter((x) => x.overview_id === r.id);
    const myUsers = users.filter((x) => x.overview_id === r.id);
    const out: Row = {
      ...r,
      role_ids: myRoles.map((x) => x.role_id),
      user_ids: myUsers.map((x) => x.user_id),
    };
    if (expand) {
      out.roles = myRoles.map((x) => x.name);
      out.users = myUsers.map((x) => x.login);
    }
    return out;
  });
}

export async function overviewAssets(db: Db, ids: number[], assets: Assets): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db.query<Row>('SELECT * FROM overviews WHERE id = ANY($1) ORDER BY id', [ids]);
  for (const o of await serializeOverviews(db, rows)) addAsset(assets, 'Overview', o);
}

// ---- admin writes -------------------------------------------------------------------------------

/** A JSON object given as an object or (form-encoded) as a JSON string. */
function objectParam(v: unknown, key: string): Row {
  let value = v;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new ApiError(422, `Invalid value for param '${key}': ${JSON.stringify(v)}`);
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ApiError(422, `Invalid value for param '${key}': ${JSON.stringify(v)}`);
  return value as Row;
}

function direction(v: unknown, key: string): string {
  const d = String(v ?? '').toUpperCase();
  if (d !== 'ASC' && d !== 'DESC') throw new ApiError(422, `Invalid order direction '${String(v)}' (${key})`);
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

/** Attributes an admin may write, validated; `condition` is compiled once to reject bad selectors. */
async function overviewAttributes(db: Db, actor: Actor, input: Row, creating: boolean): Promise<Row> {
  const out: Row = {};
  if ('name' in input || creating) {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name) throw new ApiError(422, "Attribute 'name' required!");
    out.name = name;
  }
  if ('condition' in input || creating) {
    const condition = input.condition === undefined ? {} : objectParam(input.condition, 'condition');
    await overviewConditionSql(db, actor, condition, new Params());
    out.condition = condition;
  }
  if ('order' in input && input.order !== undefined) {
    const order = objectParam(input.order, 'order');
    const by = typeof order.by === 'string' && order.by ? order.by : 'created_at';
    out.order = { by, direction: direction(order.direction ?? 'ASC', 'order.direction') };
  }
  if ('group_by' in input) {
    const g = input.group_by;
    out.group_by = g === null || g === '' || g === undefined ? null : String(g);
  }
  if ('group_direction' in input) {
    const g = input.group_direction;
    out.group_direction = g === null || g === '' || g === undefined ? null : direction(g, 'group_direction');
  }
  if ('view' in input && input.view !== undefined) out.view = objectParam(input.view, 'view');
  for (const flag of ['organization_shared', 'out_of_office', 'active'] as const) {
    if (flag in input && input[flag] !== undefined && input[flag] !== null) out[flag] = truthy(input[flag]);
  }
  if ('prio' in input && input.prio !== undefined && input.prio !== null && input.prio !== '') {
    const prio = Number(input.prio);
    if (!Number.isSafeInteger(prio))
      throw new ApiError(422, `Invalid value for param 'prio': ${JSON.stringify(input.prio)}`);
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
    if (!roleIds || roleIds.length === 0) throw new ApiError(422, "Attribute 'role_ids' required!");
    await db.query('DELETE FROM overviews_roles WHERE overview_id = $1', [id]);
    await db.query('INSERT INTO overviews_roles (overview_id, role_id) SELECT $1, unnest($2::int[])', [
      id,
      roleIds,
    ]);
  }
  const userIds = await resolveIdList(db, input, {
    idsKey: 'user_ids',
    namesKey: 'users',
    table: 'users',
    nameColumn: 'login',
  });
  if (userIds !== undefined) {
    await db.query('DELETE FROM overviews_users WHERE overview_id = $1', [id]);
    await db.query('INSERT INTO overviews_users (overview_id, user_id) SELECT $1, unnest($2::int[])', [
      id,
      userIds,
    ]);
  }
}

function columnsAndValues(attrs: Row): { cols: string[]; values: unknown[] } {
  const cols = Object.keys(attrs);
  const values = cols.map((k) => {
    const v = attrs[k];
    return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  });
  return { cols, values };
}

export async function createOverview(db: Db, actor: Actor, input: Row): Promise<number> {
  const attrs = await overviewAttributes(db, actor, input, true);
  const linkSource = typeof input.link === 'string' && input.link.trim() ? input.link : String(attrs.name);
  attrs.link = await uniqueLink(db, linkSource, null);
  if (attrs.prio === undefined) {
    const max = await one<{ m: number | null }>(db, 'SELECT max(prio) AS m FROM overviews');
    attrs.prio = max?.m === null || max?.m === undefined ? 0 : max.m + 1;
  }
  const { cols, values } = columnsAndValues(attrs);
  const row = (await one<{ id: number }>(
    db,
    `INSERT INTO overviews (${cols.map((c) => `"${c}"`).join(', ')}, created_by_id, updated_by_id)
     VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}, $${cols.length + 1}, $${cols.length + 1}) RETURNING id`,
    [...values, actor.user.id],
  )) as { id: number };
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

export async function updateOverview(db: Db, actor: Actor, id: number, input: Row): Promise<void> {
  const current = await one<OverviewRow>(db, 'SELECT * FROM overviews WHERE id = $1 FOR UPDATE', [id]);
  if (!current) throw notFound('Overview', id);
  const attrs = await overviewAttributes(db, actor, input, false);
  const linkGiven = typeof input.link === 'string' && input.link.trim() !== '';
  if (linkGiven || (attrs.name !== undefined && attrs.name !== current.name)) {
    attrs.link = await uniqueLink(db, linkGiven ? String(input.link) : String(attrs.name), id);
  }
  const { cols, values } = columnsAndValues(attrs);
  const sets = cols.map((c, i) => `"${c}" = $${i + 1}`);
  sets.push(`updated_by_id = $${cols.length + 1}`, 'updated_at = now()');
  await db.query(`UPDATE overviews SET ${sets.join(', ')} WHERE id = $${cols.length + 2}`, [
    ...values,
    actor.user.id,
    id,
  ]);
  if (attrs.prio !== undefined && attrs.prio !== current.prio) await rearrange(db, id, attrs.prio as number);
  await writeMembers(db, id, input, false);
}

/** `POST /overviews_prio {prios: [[id, prio], ...]}` (CanPrioritize): no rearrangement. */
export async function setPrios(db: Db, prios: unknown): Promise<void> {
  if (!Array.isArray(prios)) throw new ApiError(422, "Invalid value for param 'prios'");
  for (const entry of prios) {
    if (!Array.isArray(entry) || entry.length < 2) throw new ApiError(422, "Invalid value for param 'prios'");
    const id = Number(entry[0]);
    const prio = Number(entry[1]);
    if (!Number.isSafeInteger(id) || !Number.isSafeInteger(prio))
      throw new ApiError(422, "Invalid value for param 'prios'");
    await db.query('UPDATE overviews SET prio = $1, updated_at = now() WHERE id = $2 AND prio <> $1', [
      prio,
      id,
    ]);
  }
}

// ---- what a user may use ------------------------------------------------------------------------

/**
 * The active overviews a user may use (Ticket::Overviews.all): one of their active roles is
 * allowed, and if the overview names users, the user is one of them. Customers (without agent
 * access) see `organization_shared` overviews only with a shared organization; `out_of_office`
 * overviews show only while the user is standing in for someone who is out of office.
 */
export async function availableOverviews(db: Db, actor: Actor): Promise<OverviewRow[]> {
  const agent = isAgent(actor);
  if (!agent && !isCustomer(actor)) return [];
  const customerOnly = !agent;
  const replacing = agent
    ? await one<{ n: number }>(
        db,
        `SELECT count(*)::int AS n FROM users WHERE out_of_office AND active
            AND out_of_office_start_at <= current_date AND out_of_office_end_at >= current_date
            AND out_of_office_replacement_id = $1`,
        [actor.user.id],
      )
    : undefined;
  return db.query<OverviewRow>(
    `SELECT o.* FROM overviews o
      WHERE o.active
        AND EXISTS (SELECT 1 FROM overviews_roles orl JOIN roles_users ru ON ru.role_id = orl.role_id
                      JOIN roles r ON r.id = ru.role_id AND r.active
                     WHERE orl.overview_id = o.id AND ru.user_id = $1)
        AND (NOT EXISTS (SELECT 1 FROM overviews_users ou WHERE ou.overview_id = o.id)
             OR EXISTS (SELECT 1 FROM overviews_users ou WHERE ou.overview_id = o.id AND ou.user_id = $1))
        AND (NOT o.organization_shared OR NOT $2::boolean OR $3::boolean)
        AND (NOT o.out_of_office OR $4::boolean)
      ORDER BY o.prio ASC, o.name ASC, o.id ASC`,
    [actor.user.id, customerOnly, actor.sharedOrganizationIds.length > 0, (replacing?.n ?? 0) > 0],
  );
}

/** Tickets an actor sees in overviews (TicketPolicy::OverviewScope), as SQL on alias `t`. */
export function overviewScope(actor: Actor, p: Params): string {
  const parts: string[] = [];
  if (isAgent(actor)) parts.push(`t.group_id = ANY(${p.add(groupsWith(actor, 'overview'))}::int[])`);
  if (isCustomer(actor)) {
    parts.push(`t.customer_id = ${p.add(actor.user.id)}`);
    if (actor.sharedOrganizationIds.length > 0)
      parts.push(`t.organization_id = ANY(${p.add(actor.sharedOrganizationIds)}::int[])`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

type Leaf = { operator?: unknown; pre_condition?: unknown; value?: unknown };

/** Selector attributes that are no ticket column; compiled here, everything else by search's compiler. */
function specialLeaf(name: string, leaf: Leaf, actor: Actor, p: Params): string | undefined {
  if (name !== 'ticket.mention_user_ids' && name !== 'ticket.out_of_office_replacement_id') return undefined;
  const op = String(leaf.operator ?? 'is').toLowerCase();
  const negate = op === 'is not' || op === 'is none of';
  if (!negate && op !== 'is' && op !== 'is any of')
    throw new ApiError(
      422,
      `Invalid condition: operator '${String(leaf.operator)}' is invalid for '${name}'`,
    );
  let users: string;
  if (leaf.pre_condition === 'current_user.id') users = `${p.add([actor.user.id])}::int[]`;
  else {
    const raw = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
    const ids = raw.filter((v) => v !== '' && v !== null && v !== undefined).map((v) => Number(v));
    if (ids.some((n) => !Number.isSafeInteger(n)))
      throw new ApiError(422, `Invalid condition: '${name}' needs user ids`);
    users = `${p.add(ids)}::int[]`;
  }
  const sql =
    name === 'ticket.mention_user_ids'
      ? `t.id IN (SELECT m.mentionable_id FROM mentions m WHERE m.mentionable_type = 'Ticket' AND m.user_id = ANY(${users}))`
      : `t.owner_id IN (SELECT u.id FROM users u WHERE u.out_of_office AND u.out_of_office_start_at <= current_date
            AND u.out_of_office_end_at >= current_date AND u.out_of_office_replacement_id = ANY(${users}))`;
  return negate ? `NOT (${sql})` : sql;
}

/**
 * An overview's `condition` as SQL on alias `t`: the flat form or the expert form, through the
 * ticket search's selector compiler, plus the attributes that are not ticket columns
 * (`ticket.mention_user_ids`, `ticket.out_of_office_replacement_id`) at the top level.
 */
export async function overviewConditionSql(db: Db, actor: Actor, condition: Row, p: Params): Promise<string> {
  const extra: string[] = [];
  let rest: Row | undefined;
  if (Array.isArray(condition.conditions)) {
    const op = String(condition.operator ?? 'AND').toUpperCase();
    if (op === 'AND') {
      const kept: unknown[] = [];
      for (const item of condition.conditions as Row[]) {
        const sql =
          item && typeof item === 'object' && typeof item.name === 'string'
            ? specialLeaf(item.name, item as Leaf, actor, p)
            : undefined;
        if (sql) extra.push(sql);
        else kept.push(item);
      }
      rest = { ...condition, conditions: kept };
    } else rest = condition;
  } else {
    rest = {};
    for (const [name, spec] of Object.entries(condition)) {
      const sql = spec && typeof spec === 'object' ? specialLeaf(name, spec as Leaf, actor, p) : undefined;
      if (sql) extra.push(sql);
      else rest[name] = spec;
    }
  }
  const compiled = await new ConditionCompiler(db, actor, p).compile(rest);
  const parts = [...extra, ...(compiled ? [compiled] : [])];
  return parts.length ? sqlAnd(parts) : 'true';
}

async function overviewWhere(
  db: Db,
  actor: Actor,
  o: OverviewRow,
): Promise<{ where: string; params: unknown[] }> {
  const p = new Params();
  const scope = overviewScope(actor, p);
  const cond = await overviewConditionSql(db, actor, o.condition ?? {}, p);
  return { where: `${scope} AND ${cond}`, params: p.list };
}

async function count(db: Db, where: string, params: unknown[]): Promise<number> {
  const row = await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM tickets t WHERE ${where}`, params);
  return row?.n ?? 0;
}

/** `GET /ticket_overviews`: each usable overview with its count. */
export async function overviewCounts(db: Db, actor: Actor) {
  const overviews = await availableOverviews(db, actor);
  return Promise.all(
    overviews.map(async (o) => {
      const { where, params } = await overviewWhere(db, actor, o);
      return { id: o.id, name: o.name, prio: o.prio, link: o.link, count: await count(db, where, params) };
    }),
  );
}

/** A ticket column named by an overview (`customer` means `customer_id`), or undefined. */
function ticketColumn(columns: string[], name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  if (columns.includes(name)) return name;
  if (columns.includes(`${name}_id`)) return `${name}_id`;
  return undefined;
}

export interface OverviewPageOptions {
  limit: number;
  offset: number;
  /** Overrides of the overview's order: a column (or relation) and ASC/DESC. */
  orderBy?: string;
  orderDirection?: string;
}

/** `GET /ticket_overviews?view=<link>`: one page of the overview's tickets, with assets. */
export async function overviewPage(db: Db, actor: Actor, link: string, opts: OverviewPageOptions) {
  const overview = (await availableOverviews(db, actor)).find((o) => o.link === link);
  if (!overview) return { assets: {}, index: {} };
  const { where, params } = await overviewWhere(db, actor, overview);
  const columns = await tableColumns(db, 'tickets');
  const orderCol =
    ticketColumn(columns, opts.orderBy) ?? ticketColumn(columns, overview.order?.by) ?? 'created_at';
  const dirRaw = String(opts.orderDirection ?? overview.order?.direction ?? 'ASC').toUpperCase();
  if (dirRaw !== 'ASC' && dirRaw !== 'DESC') throw new ApiError(422, `Invalid order direction '${dirRaw}'`);
  const order: string[] = [];
  const groupCol = ticketColumn(columns, overview.group_by);
  if (groupCol) {
    const gd = String(overview.group_direction ?? 'ASC').toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
    order.push(`t."${groupCol}" ${gd}`);
  }
  order.push(`t."${orderCol}" ${dirRaw}`, `t.id ${dirRaw}`);
  const [rows, total, groups] = await Promise.all([
    db.query<TicketRow>(
      `SELECT t.* FROM tickets t WHERE ${where} ORDER BY ${order.join(', ')} LIMIT ${opts.limit} OFFSET ${opts.offset}`,
      params,
    ),
    count(db, where, params),
    groupCol
      ? db.query<{ value: unknown; count: number }>(
          `SELECT t."${groupCol}" AS value, count(*)::int AS count FROM tickets t WHERE ${where}
            GROUP BY t."${groupCol}" ORDER BY t."${groupCol}"`,
          params,
        )
      : Promise.resolve(undefined),
  ]);
  const assets: Assets = {};
  await overviewAssets(db, [overview.id], assets);
  await ticketAssets(db, actor, rows, assets);
  const index: Row = {
    overview: { id: overview.id, name: overview.name, view: overview.link, updated_at: overview.updated_at },
    tickets: rows.map((r) => ({ id: r.id, updated_at: r.updated_at })),
    count: total,
  };
  // EOSC extension: per-group (per group_by value) counts of the whole overview.
  if (groups) {
    index.group_by = overview.group_by;
    index.groups = groups;
  }
  return { assets, index };
}
