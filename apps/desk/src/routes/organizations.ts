import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import {
  addOrganizationAssets,
  createOrganization,
  deleteOrganization,
  seesAllOrganizations,
  serializeOrganizations,
  updateOrganization,
} from '../domain/organizations.ts';
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

const kit: ModelKit = { serialize: serializeOrganizations, addAssets: addOrganizationAssets };
const WRITE = ['ticket.agent', 'admin.organization'];

export function organizationsRoutes() {
  const app = new Hono<DeskEnv>();

  // Agents and admin.organization see all; customers their own (primary and secondary); others [].
  app.get('/organizations', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const order = orderBy(q, await tableColumns(db, 'organizations'));
    const paging = indexPaging(q);
    const all = seesAllOrganizations(actor);
    const where = all ? 'true' : 'id = ANY($1::int[])';
    const args = all ? [] : [actor.organizationIds];
    const rows = await db.query<Row>(
      `SELECT * FROM organizations WHERE ${where} ORDER BY ${order} ${paging}`,
      args,
    );
    const total = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM organizations WHERE ${where}`, args))[0]
        ?.n ?? 0;
    return reply(c, await listBody(db, actor, kit, rows, q, total));
  });

  app.get('/organizations/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const all = seesAllOrganizations(actor);
    // Zammad answers a customer without any organization with an empty object.
    if (!all && actor.organizationIds.length === 0) return reply(c, {});
    const row = await loadRow<Row>(
      db,
      'organizations',
      'Organization',
      idParam(c.req.param('id'), 'Organization'),
    );
    if (!all && !actor.organizationIds.includes(row.id as number)) throw notAuthorized();
    return reply(c, await itemBody(db, actor, kit, row, await params(c)));
  });

  app.post('/organizations', requirePermission(WRITE), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = await db.tx((tx) => createOrganization(tx, actor, q));
    const row = await loadRow<Row>(db, 'organizations', 'Organization', id);
    return reply(c, await itemBody(db, actor, kit, row, q), 201);
  });

  app.put('/organizations/:id{[0-9]+}', requirePermission(WRITE), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = idParam(c.req.param('id'), 'Organization');
    await db.tx((tx) => updateOrganization(tx, actor, id, q));
    const row = await loadRow<Row>(db, 'organizations', 'Organization', id);
    return reply(c, await itemBody(db, actor, kit, row, q));
  });

  app.delete('/organizations/:id{[0-9]+}', requirePermission(WRITE), async (c) => {
    const db = c.get('db');
    const id = idParam(c.req.param('id'), 'Organization');
    await db.tx((tx) => deleteOrganization(tx, id));
    return reply(c, {});
  });

  return app;
}
