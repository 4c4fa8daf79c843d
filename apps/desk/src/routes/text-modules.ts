import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import type { Db } from '../db/client.ts';
import { type Assets, addAsset } from '../domain/assets.ts';
import {
  idParam,
  indexPaging,
  orderBy,
  type Row,
  shapeOf,
  tableColumns,
  withCreatorNames,
} from '../domain/reference-data.ts';
import { Params } from '../domain/search/sql.ts';
import { escapeLike } from '../domain/search/text.ts';
import {
  ADMIN,
  createTextModule,
  listScope,
  loadVisibleTextModule,
  serializeTextModules,
  updateTextModule,
} from '../domain/text-modules.ts';
import { notFound } from '../lib/errors.ts';
import { paging, params, reply } from '../lib/http.ts';

const read = requirePermission(['ticket.agent', ADMIN]);
const write = requirePermission(ADMIN);

/** Plain (with `group_ids`), expanded (plus creator logins) or the assets format. */
async function shaped(
  db: Db,
  rows: Row[],
  q: Row,
): Promise<Row[] | { record_ids: unknown[]; assets: Assets }> {
  const out = await serializeTextModules(db, rows);
  const shape = shapeOf(q);
  if (shape === 'full') {
    const assets: Assets = {};
    for (const r of out) addAsset(assets, 'TextModule', r);
    return { record_ids: out.map((r) => r.id), assets };
  }
  if (shape === 'expand') await withCreatorNames(db, out);
  return out;
}

function single(body: Row[] | { record_ids: unknown[]; assets: Assets }): unknown {
  if (Array.isArray(body)) return body[0];
  return { id: body.record_ids[0], assets: body.assets };
}

export function textModulesRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/text_modules', read, async (c) => {
    const db = c.get('db');
    const q = await params(c);
    const p = new Params();
    const scope = listScope(c.get('actor'), p);
    const order = orderBy(q, await tableColumns(db, 'text_modules'), 'tm');
    const rows = await db.query<Row>(
      `SELECT tm.* FROM text_modules tm WHERE ${scope} ORDER BY ${order} ${indexPaging(q)}`,
      p.list,
    );
    const body = await shaped(db, rows, q);
    if (Array.isArray(body)) return reply(c, body);
    const n = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM text_modules tm WHERE ${scope}`,
      p.list,
    );
    return reply(c, { ...body, total_count: n[0]?.n ?? 0 });
  });

  app.get('/text_modules/search', read, async (c) => {
    const db = c.get('db');
    const q = await params(c);
    const p = new Params();
    const scope = listScope(c.get('actor'), p);
    const text = typeof q.query === 'string' ? q.query : typeof q.term === 'string' ? q.term : '';
    const { limit, offset } = paging(q, 50, 200);
    const pattern = p.add(`%${escapeLike(text.replace(/\*/g, '').trim())}%`);
    const rows = await db.query<Row>(
      `SELECT tm.* FROM text_modules tm
        WHERE ${scope} AND (tm.name ILIKE ${pattern} OR tm.keywords ILIKE ${pattern} OR tm.content ILIKE ${pattern})
        ORDER BY tm.name ASC, tm.id ASC LIMIT ${limit} OFFSET ${offset}`,
      p.list,
    );
    return reply(c, await shaped(db, rows, q));
  });

  app.get('/text_modules/:id{[0-9]+}', read, async (c) => {
    const db = c.get('db');
    const row = await loadVisibleTextModule(db, c.get('actor'), idParam(c.req.param('id'), 'TextModule'));
    return reply(c, single(await shaped(db, [row], await params(c))));
  });

  app.post('/text_modules', write, async (c) => {
    const db = c.get('db');
    const q = await params(c);
    const id = await db.tx((tx) => createTextModule(tx, c.get('actor'), q));
    const row = await loadVisibleTextModule(db, c.get('actor'), id);
    return reply(c, single(await shaped(db, [row], q)), 201);
  });

  app.put('/text_modules/:id{[0-9]+}', write, async (c) => {
    const db = c.get('db');
    const q = await params(c);
    const id = idParam(c.req.param('id'), 'TextModule');
    await db.tx((tx) => updateTextModule(tx, c.get('actor'), id, q));
    const row = await loadVisibleTextModule(db, c.get('actor'), id);
    return reply(c, single(await shaped(db, [row], q)));
  });

  app.delete('/text_modules/:id{[0-9]+}', write, async (c) => {
    const db = c.get('db');
    const id = idParam(c.req.param('id'), 'TextModule');
    const rows = await db.query('DELETE FROM text_modules WHERE id = $1 RETURNING id', [id]);
    if (rows.length === 0) throw notFound('TextModule', id);
    return reply(c, {});
  });

  return app;
}
