import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { type Actor, can } from '../domain/actor.ts';
import { ticketAssets } from '../domain/assets.ts';
import { addRecordAssets, type RecordModel, serializeRecords } from '../domain/crud.ts';
import { ORGANIZATIONS } from '../domain/organizations.ts';
import { parseOrReject } from '../domain/search/common.ts';
import { type PeopleSearchInput, searchOrganizations, searchUsers } from '../domain/search/people.ts';
import { searchTickets } from '../domain/search/tickets.ts';
import type { Assets, Row } from '../domain/shapes.ts';
import type { TicketRow } from '../domain/ticket-access.ts';
import { serializeTickets } from '../domain/ticket-shapes.ts';
import { USERS } from '../domain/users.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { flag, input, intList, limitOf, nested, pageOf, ref, sortOf, stringList } from '../http/input.ts';
import { reply } from '../http/reply.ts';

const TICKET_SEARCH = ['ticket.agent', 'ticket.customer'];
const USER_SEARCH = ['ticket.agent', 'admin.user'];
const ORGANIZATION_SEARCH = ['ticket.agent', 'admin.organization'];

/**
 * A search request: the text (`query`, alias `term`), paging (50 / 200), sort, and what to answer:
 * `only_total_count` first; `expand` wins over `full` (§2.4); `with_total_count` wraps a list.
 */
const SearchFlags = z.looseObject({
  query: ref,
  term: ref,
  expand: flag,
  full: flag,
  only_total_count: flag,
  with_total_count: flag,
  label: flag,
  by_object: flag,
});

/** `query`, or its alias `term`; a non-string is treated as blank. */
function textOf(q: { query?: unknown; term?: unknown }): string {
  const v = q.query ?? q.term;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

const SearchQuery = SearchFlags.transform((q) => ({
  ...q,
  text: textOf(q),
  ...pageOf(q, 50, 200),
  sort: sortOf(q),
  mode: {
    onlyTotal: q.only_total_count,
    expand: q.expand,
    full: !q.expand && q.full,
    withTotal: q.with_total_count,
  },
}));

type Query = z.output<typeof SearchQuery>;
type Mode = Query['mode'];

function peopleInput(q: Query, mode: Mode): PeopleSearchInput {
  return {
    node: parseOrReject(q.text),
    limit: q.limit,
    offset: q.offset,
    sort: q.sort,
    withTotal: mode.onlyTotal || mode.full || mode.withTotal,
    withRows: !mode.onlyTotal,
    roleIds: intList(q, 'role_ids'),
    permissions: stringList(q, 'permissions'),
    ids: intList(q, 'ids'),
  };
}

function listReply(c: Context, records: unknown[], total: number | undefined, mode: Mode) {
  return reply(c, mode.withTotal ? { records, total_count: total ?? records.length } : records);
}

async function ticketSearch(c: Context<DeskEnv>) {
  const db = c.get('db');
  const actor = c.get('actor');
  const q = await input(c, SearchQuery);
  const { mode } = q;
  const result = await searchTickets(db, actor, {
    query: q.text,
    condition: nested(q, 'condition'),
    limit: q.limit,
    offset: q.offset,
    sort: q.sort,
    withTotal: mode.onlyTotal || mode.full || mode.withTotal,
    withRows: !mode.onlyTotal,
  });
  if (mode.onlyTotal) return reply(c, { total_count: result.total ?? 0 });
  if (mode.full) {
    return reply(c, {
      record_ids: result.rows.map((r) => r.id),
      assets: await ticketAssets(db, actor, result.rows),
      total_count: result.total ?? 0,
    });
  }
  const records = await serializeTickets(db, actor, result.rows, mode.expand ? 'expand' : 'ids');
  return listReply(c, records, result.total, mode);
}

function realname(u: Row): string {
  const name = `${String(u.firstname ?? '')} ${String(u.lastname ?? '')}`.trim();
  const email = typeof u.email === 'string' ? u.email : '';
  const base = name || email || String(u.login ?? '');
  return email && base !== email ? `${base} <${email}>` : base;
}

/** Users and organizations are searched alike; they differ in their records and suggestions. */
interface People {
  model: RecordModel;
  search: (db: Db, input: PeopleSearchInput) => Promise<{ rows: Row[]; total?: number }>;
  /** What `term` (autocompletion) or `label=true` answers instead of records. */
  suggestion: (row: Row) => Row;
}

const PEOPLE: Record<'User' | 'Organization', People> = {
  User: {
    model: USERS,
    search: searchUsers,
    suggestion: (u) => ({
      id: u.id,
      label: realname(u),
      value: typeof u.email === 'string' && u.email ? u.email : realname(u),
      inactive: !u.active,
    }),
  },
  Organization: {
    model: ORGANIZATIONS,
    search: searchOrganizations,
    suggestion: (o) => ({ id: o.id, label: o.name, value: o.name, inactive: !o.active }),
  },
};

function peopleSearch(people: People) {
  return async (c: Context<DeskEnv>) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await input(c, SearchQuery);
    const { mode } = q;
    const result = await people.search(db, peopleInput(q, mode));
    if (mode.onlyTotal) return reply(c, { total_count: result.total ?? 0 });
    if (q.term !== undefined || q.label) return reply(c, result.rows.map(people.suggestion));
    if (mode.full) {
      const assets: Assets = {};
      const ids = result.rows.map((r) => r.id as number);
      await addRecordAssets(people.model, db, actor, ids, assets);
      return reply(c, { record_ids: ids, assets, total_count: result.total ?? 0 });
    }
    const shape = mode.expand ? 'expand' : 'plain';
    return listReply(
      c,
      await serializeRecords(people.model, db, actor, result.rows, shape),
      result.total,
      mode,
    );
  };
}

/** The global search: `limit` (default 10, no paging) and `offset`, grouped `by_object` on demand. */
const GlobalQuery = SearchFlags.transform((q) => {
  const offsetRaw = Number(q.offset ?? 0);
  return {
    ...q,
    text: textOf(q),
    sort: sortOf(q),
    limit: limitOf(q.limit, 10, 1000),
    offset: Number.isFinite(offsetRaw) && offsetRaw >= 0 ? Math.floor(offsetRaw) : 0,
    byObject: q.by_object,
  };
});

const GLOBAL_MODELS = ['Ticket', 'User', 'Organization'] as const;
type GlobalModel = (typeof GLOBAL_MODELS)[number];

function mayGlobalSearch(actor: Actor, model: GlobalModel): boolean {
  if (model === 'Ticket') return can(actor, TICKET_SEARCH);
  if (model === 'User') return can(actor, USER_SEARCH);
  return can(actor, ORGANIZATION_SEARCH);
}

/** `/search/Ticket-User` or `/search/ticket-user`: the models named, in the path's order. */
function modelsOf(objects: string | undefined): GlobalModel[] {
  if (!objects) return [...GLOBAL_MODELS];
  const wanted = objects.split('-').map((s) => s.toLowerCase().replace(/_/g, ''));
  return GLOBAL_MODELS.filter((m) => wanted.includes(m.toLowerCase()));
}

async function globalSearch(c: Context<DeskEnv>) {
  const db: Db = c.get('db');
  const actor = c.get('actor');
  const q = await input(c, GlobalQuery);
  const { limit, offset, byObject, text } = q;
  const node = parseOrReject(text);
  const models = modelsOf(c.req.param('objects')).filter((m) => mayGlobalSearch(actor, m));
  const assets: Assets = {};
  const result: { type: GlobalModel; id: number }[] = [];
  const grouped: Record<string, { object_ids: number[]; total_count: number }> = {};
  for (const model of models) {
    let rows: Row[];
    let total: number | undefined;
    if (model === 'Ticket') {
      const r = await searchTickets(db, actor, {
        query: text,
        limit,
        offset,
        sort: q.sort,
        withTotal: byObject,
        withRows: true,
      });
      rows = r.rows;
      total = r.total;
      await ticketAssets(db, actor, r.rows as TicketRow[], assets);
    } else {
      const people = PEOPLE[model];
      const r = await people.search(db, {
        node,
        limit,
        offset,
        sort: q.sort,
        withTotal: byObject,
        withRows: true,
        ids: intList(q, 'ids'),
      });
      rows = r.rows;
      total = r.total;
      await addRecordAssets(
        people.model,
        db,
        actor,
        rows.map((x) => x.id as number),
        assets,
      );
    }
    for (const row of rows) result.push({ type: model, id: row.id as number });
    grouped[model] = { object_ids: rows.map((x) => x.id as number), total_count: total ?? rows.length };
  }
  return reply(c, { assets, result: byObject ? grouped : result });
}

/** Search: tickets, users, organizations and the global search (REFERENCE §2.5, §3.1.3, §3.14). */
export function searchRoutes() {
  const app = new Hono<DeskEnv>();
  // Guards sit on each route: a sub-app's `use` would run for every /api/v1 path.
  app.get('/tickets/search', requirePermission(TICKET_SEARCH), ticketSearch);
  app.post('/tickets/search', requirePermission(TICKET_SEARCH), ticketSearch);
  const users = peopleSearch(PEOPLE.User);
  const organizations = peopleSearch(PEOPLE.Organization);
  app.get('/users/search', requirePermission(USER_SEARCH), users);
  app.post('/users/search', requirePermission(USER_SEARCH), users);
  app.get('/organizations/search', requirePermission(ORGANIZATION_SEARCH), organizations);
  app.post('/organizations/search', requirePermission(ORGANIZATION_SEARCH), organizations);
  app.get('/search', globalSearch);
  app.post('/search', globalSearch);
  app.get('/search/:objects', globalSearch);
  app.post('/search/:objects', globalSearch);
  return app;
}
