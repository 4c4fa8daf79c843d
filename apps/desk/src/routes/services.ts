import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import { can } from '../domain/actor.ts';
import { idParam } from '../domain/reference-data.ts';
import {
  createService,
  deleteService,
  listServices,
  loadService,
  updateService,
} from '../domain/services.ts';
import { notFound } from '../lib/errors.ts';
import { params, reply } from '../lib/http.ts';

const MANAGE = 'admin.object';

/**
 * The EOSC service catalogue (an EOSC extension, not a Zammad route): anyone signed in lists the
 * active services; `admin.object` holders see inactive ones too and manage them.
 */
export function servicesRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/eosc_services', async (c) => {
    const manager = can(c.get('actor'), MANAGE);
    return reply(c, await listServices(c.get('db'), manager));
  });

  app.get('/eosc_services/:id{[0-9]+}', async (c) => {
    const id = idParam(c.req.param('id'), 'EoscService');
    const row = await loadService(c.get('db'), id);
    if (!row.active && !can(c.get('actor'), MANAGE)) throw notFound('EoscService', id);
    return reply(c, row);
  });

  app.post('/eosc_services', requirePermission(MANAGE), async (c) => {
    const db = c.get('db');
    const input = await params(c);
    return reply(c, await db.tx((tx) => createService(tx, c.get('actor').user.id, input)), 201);
  });

  app.put('/eosc_services/:id{[0-9]+}', requirePermission(MANAGE), async (c) => {
    const db = c.get('db');
    const id = idParam(c.req.param('id'), 'EoscService');
    const input = await params(c);
    return reply(c, await db.tx((tx) => updateService(tx, c.get('actor').user.id, id, input)));
  });

  app.delete('/eosc_services/:id{[0-9]+}', requirePermission(MANAGE), async (c) => {
    const db = c.get('db');
    const id = idParam(c.req.param('id'), 'EoscService');
    await db.tx((tx) => deleteService(tx, id));
    return reply(c, {});
  });

  return app;
}
