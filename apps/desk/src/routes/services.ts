import { Hono } from 'hono';
import { z } from 'zod';
import { can } from '../domain/actor.ts';
import { NotFoundError } from '../domain/errors.ts';
import {
  createService,
  deleteService,
  listServices,
  loadService,
  updateService,
} from '../domain/services.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { bool, input, pathId } from '../http/input.ts';
import { reply } from '../http/reply.ts';

const MANAGE = 'admin.object';
const MODEL = 'EoscService';
const ServiceInput = z.looseObject({ active: bool });

/**
 * The EOSC service catalogue (an EOSC extension, not a Zammad route): anyone signed in lists the
 * active services; `admin.object` holders see inactive ones too and manage them.
 */
export function servicesRoutes() {
  const app = new Hono<DeskEnv>();
  const manage = requirePermission(MANAGE);

  app.get('/eosc_services', async (c) =>
    reply(c, await listServices(c.get('db'), can(c.get('actor'), MANAGE))),
  );

  app.get('/eosc_services/:id{[0-9]+}', async (c) => {
    const id = pathId(c.req.param('id'), MODEL);
    const row = await loadService(c.get('db'), id);
    if (!row.active && !can(c.get('actor'), MANAGE)) throw new NotFoundError(MODEL, id);
    return reply(c, row);
  });

  app.post('/eosc_services', manage, async (c) => {
    const body = await input(c, ServiceInput);
    return reply(c, await c.get('db').tx((tx) => createService(tx, c.get('actor').user.id, body)), 201);
  });

  app.put('/eosc_services/:id{[0-9]+}', manage, async (c) => {
    const id = pathId(c.req.param('id'), MODEL);
    const body = await input(c, ServiceInput);
    return reply(c, await c.get('db').tx((tx) => updateService(tx, c.get('actor').user.id, id, body)));
  });

  app.delete('/eosc_services/:id{[0-9]+}', manage, async (c) => {
    const id = pathId(c.req.param('id'), MODEL);
    await c.get('db').tx((tx) => deleteService(tx, id));
    return reply(c, {});
  });

  return app;
}
