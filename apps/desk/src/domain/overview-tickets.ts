/**
 * What agents and customers see of overviews (REFERENCE §3.15) through `/ticket_overviews`:
 * the overviews they may use with a count each, and one overview's page of tickets. Tickets
 * are scoped as Zammad's TicketPolicy::OverviewScope: agents see groups where they hold
 * `overview` (or `full`), customers their own tickets and their shared organizations'.
 *
 * Counting is one `count(*)` per overview, paging is LIMIT/OFFSET over the overview's order with
 * the ticket id as tie-breaker (stable pages); migration 0007 adds the indexes both use.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, isAgent, isCustomer } from './actor.ts';
import { ticketAssets } from './assets.ts';
import { addRecordAssets } from './crud.ts';
import { InvalidError } from './errors.ts';
import { overviewConditionSql, overviewScope } from './overview-conditions.ts';
import { OVERVIEWS, type OverviewRow } from './overviews.ts';
import { tableColumns } from './records.ts';
import { Params } from './search/sql.ts';
import type { Assets, Row } from './shapes.ts';
import type { TicketRow } from './ticket-access.ts';

/** Zammad shows at most this many tickets of one overview (`ui_ticket_overview_ticket_limit`). */
export const OVERVIEW_TICKET_LIMIT = 2000;

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
  if (dirRaw !== 'ASC' && dirRaw !== 'DESC') throw new InvalidError(`Invalid order direction '${dirRaw}'`);
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
  await addRecordAssets(OVERVIEWS, db, actor, [overview.id], assets);
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
