import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import type { Assets } from '../domain/assets.ts';
import {
  createOverview,
  OVERVIEW_TICKET_LIMIT,
  overviewAssets,
  overviewCounts,
  overviewPage,
  serializeOverviews,
  setPrios,
  updateOverview,
} from '../domain/overviews.ts';
import {
  idParam,
  indexPaging,
  loadRow,
  orderBy,
  type Row,
  shapeOf,
  tableColumns,
  withCreatorNames,
} from '../domain/reference-data.ts';
import { escapeLike } from '../domain/search/text.ts';
import { paging, params, reply } from '../lib/http.ts';

const admin = requirePermission('admin.overview');

async function shaped(c: { get: (k: 'db') => DeskEnv['Variables']['db'] }, rows: Row[], q: Row) {
  const db = c.get('db');
  const shape = shapeOf(q);
  if (shape === 'full') {
    const assets: Assets = {};
    await overviewAssets(
      db,
      rows.map((r) => r.id as number),
      assets,
    );
    return { record_ids: rows.map((r) => r.id), assets };
  }
  const out = await serializeOverviews(db, rows, shape === 'expand');
  if (shape === 'expand') await withCreatorNames(db, out);
  return out;
}

export function overviewsRoutes() {
  const app = new Hono<DeskEnv>();

  // ---- admin CRUD (admin.overview) ----

  app.get('/overviews', admin, async (c) => {
    const db = c.get('db');
    const q = await params(c);
    const order = orderBy(q, await tableColumns(db, 'overviews'), 'o');
    const rows = await db.query<Row>(`SELECT o.* FROM overviews o ORDER BY ${order} ${indexPaging(q)}`);
    const body = await shaped(c, rows, q);
    if (!Array.isArray(body)) {
      const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM overviews');
      return reply(c, { ...body, total_count: n[0]?.n ?? 0 });
    }
    return reply(c, body);
  });

  app.get('/overviews/search', admin, async (c) => {
    const db = c.get('db');
    const q = await params(c);
    const text = typeof q.query === 'string' ? q.query : typeof q.term === 'string' ? q.term : '';
    const { limit, offset } = paging(q, 50, 200);
    const pattern = `%${escapeLike(text.replace(/\*/g, '').trim())}%`;
    const rows = await db.query<Row>(
      `SELECT o.* FROM overviews o WHERE o.name ILIKE $1 OR o.link ILIKE $1
        ORDER BY o.prio ASC, o.id ASC LIMIT ${limit} OFFSET ${offset}`,
      [pattern],
    );
    return reply(c, await shaped(c, rows, q));
  });

  app.get('/overviews/:id{[0-9]+}', admin, async (c) => {
    const db = c.get('db');
    const q = await params(c);
    const row = await loadRow<Row>(db, 'overviews', 'Overview', idParam(c.req.param('id'), 'Overview'));
    const body = await shaped(c, [row], q);
    return reply(c, Array.isArray(body) ? body[0] : { id: row.id, assets: body.assets });
  });

  app.post('/overviews', admin, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = await db.tx((tx) => createOverview(tx, actor, q));
    const row = await loadRow<Row>(db, 'overviews', 'Overview', id);
    const body = await shaped(c, [row], q);
    return reply(c, Array.isArray(body) ? body[0] : { id, assets: body.assets }, 201);
  });

  app.put('/overviews/:id{[0-9]+}', admin, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = idParam(c.req.param('id'), 'Overview');
    await db.tx((tx) => updateOverview(tx, actor, id, q));
    const row = await loadRow<Row>(db, 'overviews', 'Overview', id);
    const body = await shaped(c, [row], q);
    return reply(c, Array.isArray(body) ? body[0] : { id, assets: body.assets });
  });

  app.delete('/overviews/:id{[0-9]+}', admin, async (c) => {
    const db = c.get('db');
    const id = idParam(c.req.param('id'), 'Overview');
    await loadRow(db, 'overviews', 'Overview', id);
    await db.query('DELETE FROM overviews WHERE id = $1', [id]);
    return reply(c, {});
  });

  app.post('/overviews_prio', admin, async (c) => {
    const db = c.get('db');
    const q = await params(c);
    await db.tx((tx) => setPrios(tx, q.prios));
    return reply(c, { success: true });
  });

  // ---- agent / customer use ----

  app.get('/ticket_overviews', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    if (typeof q.view !== 'string' || q.view === '') return reply(c, await overviewCounts(db, actor));
    const { limit, offset } = paging(q, OVERVIEW_TICKET_LIMIT, OVERVIEW_TICKET_LIMIT);
    // `order_by` is a column here (as in Zammad's GraphQL overview query); a bare asc/desc in
    // `order_by` (REST index style, with `sort_by` the column) is accepted too.
    const ob = typeof q.order_by === 'string' ? q.order_by : undefined;
    const obIsDirection = ob !== undefined && /^(asc|desc)$/i.test(ob);
    const orderByColumn = obIsDirection ? (q.sort_by as string | undefined) : (ob ?? (q.sort_by as string));
    const orderDirection =
      typeof q.order_direction === 'string' ? q.order_direction : obIsDirection ? ob : undefined;
    const body = await overviewPage(db, actor, q.view, {
      limit,
      offset,
      ...(typeof orderByColumn === 'string' ? { orderBy: orderByColumn } : {}),
      ...(orderDirection !== undefined ? { orderDirection } : {}),
    });
    return reply(c, body);
  });

  return app;
}
