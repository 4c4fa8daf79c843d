import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import {
  addGroupAssets,
  createGroup,
  deleteGroup,
  serializeGroups,
  updateGroup,
  visibleGroupsScope,
} from '../domain/groups.ts';
import {
  idParam,
  indexPaging,
  itemBody,
  listBody,
  loadRow,
  type ModelKit,
  orderBy,
  type Row,
  tableColumns,
} from '../domain/reference-data.ts';
import { notAuthorized } from '../lib/errors.ts';
import { params, reply } from '../lib/http.ts';

const kit: ModelKit = { serialize: serializeGroups, addAssets: addGroupAssets };
const READ = ['ticket.agent', 'ticket.customer', 'admin.group'];

export function groupsRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/groups', requirePermission(READ), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const order = orderBy(q, await tableColumns(db, 'groups'), 'g');
    const scope = await visibleGroupsScope(db, actor);
    const rows = await db.query<Row>(
      `SELECT g.* FROM groups g WHERE ${scope.sql} ORDER BY ${order} ${indexPaging(q)}`,
      scope.params,
    );
    const total = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM groups g WHERE ${scope.sql}`,
          scope.params,
        )
      )[0]?.n ?? 0;
    return reply(c, await listBody(db, actor, kit, rows, q, total));
  });

  app.get('/groups/:id{[0-9]+}', requirePermission(READ), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = idParam(c.req.param('id'), 'Group');
    const row = await loadRow<Row>(db, 'groups', 'Group', id);
    const scope = await visibleGroupsScope(db, actor);
    const n = scope.params.length;
    const visible = await db.query(`SELECT 1 FROM groups g WHERE g.id = $${n + 1} AND ${scope.sql}`, [
      ...scope.params,
      id,
    ]);
    if (visible.length === 0) throw notAuthorized();
    return reply(c, await itemBody(db, actor, kit, row, await params(c)));
  });

  app.post('/groups', requirePermission('admin.group'), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = await db.tx((tx) => createGroup(tx, actor, q));
    const row = await loadRow<Row>(db, 'groups', 'Group', id);
    return reply(c, await itemBody(db, actor, kit, row, q), 201);
  });

  app.put('/groups/:id{[0-9]+}', requirePermission('admin.group'), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = idParam(c.req.param('id'), 'Group');
    await db.tx((tx) => updateGroup(tx, actor, id, q));
    const row = await loadRow<Row>(db, 'groups', 'Group', id);
    return reply(c, await itemBody(db, actor, kit, row, q));
  });

  app.delete('/groups/:id{[0-9]+}', requirePermission('admin.group'), async (c) => {
    const db = c.get('db');
    const id = idParam(c.req.param('id'), 'Group');
    await db.tx((tx) => deleteGroup(tx, id));
    return reply(c, {});
  });

  return app;
}
