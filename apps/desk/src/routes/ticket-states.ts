import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import {
  createLookup,
  deleteLookup,
  idParam,
  indexPaging,
  itemBody,
  type LookupTable,
  listBody,
  loadRow,
  lookupKit,
  orderBy,
  type Row,
  TICKET_PRIORITIES,
  TICKET_STATES,
  tableColumns,
  updateLookup,
} from '../domain/reference-data.ts';
import { params, reply } from '../lib/http.ts';

/** Generic CRUD of a lookup table under `/<path>`: read for agents and customers, write with `admin`. */
function lookupRoutes(app: Hono<DeskEnv>, path: string, t: LookupTable, adminPermission: string): void {
  const kit = lookupKit(t);
  const read = requirePermission(['ticket.agent', 'ticket.customer', adminPermission]);
  const write = requirePermission(adminPermission);

  app.get(`/${path}`, read, async (c) => {
    const db = c.get('db');
    const q = await params(c);
    const order = orderBy(q, await tableColumns(db, t.table));
    const rows = await db.query<Row>(`SELECT * FROM ${t.table} ORDER BY ${order} ${indexPaging(q)}`);
    const total = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.table}`))[0]?.n ?? 0;
    return reply(c, await listBody(db, c.get('actor'), kit, rows, q, total));
  });

  app.get(`/${path}/:id{[0-9]+}`, read, async (c) => {
    const db = c.get('db');
    const row = await loadRow<Row>(db, t.table, t.model, idParam(c.req.param('id'), t.model));
    return reply(c, await itemBody(db, c.get('actor'), kit, row, await params(c)));
  });

  app.post(`/${path}`, write, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = await db.tx((tx) => createLookup(tx, t, actor, q));
    const row = await loadRow<Row>(db, t.table, t.model, id);
    return reply(c, await itemBody(db, actor, kit, row, q), 201);
  });

  app.put(`/${path}/:id{[0-9]+}`, write, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = idParam(c.req.param('id'), t.model);
    await db.tx((tx) => updateLookup(tx, t, actor, id, q));
    const row = await loadRow<Row>(db, t.table, t.model, id);
    return reply(c, await itemBody(db, actor, kit, row, q));
  });

  app.delete(`/${path}/:id{[0-9]+}`, write, async (c) => {
    const db = c.get('db');
    const id = idParam(c.req.param('id'), t.model);
    await db.tx((tx) => deleteLookup(tx, t, id));
    return reply(c, {});
  });
}

/** `/ticket_states` and `/ticket_priorities`. */
export function ticketStatesRoutes() {
  const app = new Hono<DeskEnv>();
  lookupRoutes(app, 'ticket_states', TICKET_STATES, 'admin.ticket_state');
  lookupRoutes(app, 'ticket_priorities', TICKET_PRIORITIES, 'admin.ticket_priority');
  return app;
}
