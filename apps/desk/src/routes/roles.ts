import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
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
import { addRoleAssets, createRole, serializeRoles, updateRole } from '../domain/roles.ts';
import { params, reply } from '../lib/http.ts';

const kit: ModelKit = { serialize: serializeRoles, addAssets: addRoleAssets };
const READ = ['ticket.agent', 'ticket.customer', 'admin.role'];

/** Roles: readable by agents and customers (reduced), writable with admin.role; no DELETE route. */
export function rolesRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/roles', requirePermission(READ), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const order = orderBy(q, await tableColumns(db, 'roles'));
    const rows = await db.query<Row>(`SELECT * FROM roles ORDER BY ${order} ${indexPaging(q)}`);
    const total = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM roles'))[0]?.n ?? 0;
    return reply(c, await listBody(db, actor, kit, rows, q, total));
  });

  app.get('/roles/:id{[0-9]+}', requirePermission(READ), async (c) => {
    const db = c.get('db');
    const row = await loadRow<Row>(db, 'roles', 'Role', idParam(c.req.param('id'), 'Role'));
    return reply(c, await itemBody(db, c.get('actor'), kit, row, await params(c)));
  });

  app.post('/roles', requirePermission('admin.role'), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = await db.tx((tx) => createRole(tx, actor, q));
    const row = await loadRow<Row>(db, 'roles', 'Role', id);
    return reply(c, await itemBody(db, actor, kit, row, q), 201);
  });

  app.put('/roles/:id{[0-9]+}', requirePermission('admin.role'), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = idParam(c.req.param('id'), 'Role');
    await db.tx((tx) => updateRole(tx, actor, id, q));
    const row = await loadRow<Row>(db, 'roles', 'Role', id);
    return reply(c, await itemBody(db, actor, kit, row, q));
  });

  return app;
}
