import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import { can } from '../domain/actor.ts';
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
import {
  addUserAssets,
  canShowUser,
  canUpdateUser,
  createUser,
  deleteUser,
  serializeUsers,
  updateUser,
} from '../domain/users.ts';
import { notAuthorized } from '../lib/errors.ts';
import { params, reply } from '../lib/http.ts';

const kit: ModelKit = { serialize: serializeUsers, addAssets: addUserAssets };

export function userRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/users/me', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const row = await loadRow<Row>(db, 'users', 'User', actor.user.id);
    return reply(c, await itemBody(db, actor, kit, row, await params(c)));
  });

  // Agents and admin.user page through everyone; anybody else gets a list holding only themselves.
  app.get('/users', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    if (!can(actor, ['ticket.agent', 'admin.user'])) {
      const self = await loadRow<Row>(db, 'users', 'User', actor.user.id);
      return reply(c, await listBody(db, actor, kit, [self], q, async () => 1));
    }
    const columns = (await tableColumns(db, 'users')).filter((col) => col !== 'password');
    const rows = await db.query<Row>(
      `SELECT * FROM users ORDER BY ${orderBy(q, columns)} ${indexPaging(q, 100, 1000)}`,
    );
    const total = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0]?.n ?? 0;
    return reply(c, await listBody(db, actor, kit, rows, q, total));
  });

  app.get('/users/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const row = await loadRow<Row>(db, 'users', 'User', idParam(c.req.param('id'), 'User'));
    if (!canShowUser(actor, row)) throw notAuthorized();
    return reply(c, await itemBody(db, actor, kit, row, await params(c)));
  });

  app.post('/users', requirePermission(['ticket.agent', 'admin.user']), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = await db.tx((tx) => createUser(tx, actor, q));
    const row = await loadRow<Row>(db, 'users', 'User', id);
    return reply(c, await itemBody(db, actor, kit, row, q), 201);
  });

  // admin.user edits anyone; agents edit customer-only users; customers nobody.
  app.put('/users/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = idParam(c.req.param('id'), 'User');
    await loadRow(db, 'users', 'User', id);
    if (!(await canUpdateUser(db, actor, id))) throw notAuthorized();
    await db.tx((tx) => updateUser(tx, actor, id, q));
    const row = await loadRow<Row>(db, 'users', 'User', id);
    return reply(c, await itemBody(db, actor, kit, row, q));
  });

  app.delete('/users/:id{[0-9]+}', requirePermission('admin.user'), async (c) => {
    const db = c.get('db');
    const id = idParam(c.req.param('id'), 'User');
    await db.tx((tx) => deleteUser(tx, id));
    return reply(c, {});
  });

  return app;
}
