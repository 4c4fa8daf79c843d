import { Hono } from 'hono';
import { z } from 'zod';
import {
  createAttribute,
  deleteAttribute,
  discardChanges,
  executeMigrations,
  listAttributes,
  loadAttribute,
  serializeAttribute,
  updateAttribute,
} from '../domain/object-manager.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { bool, input, pathId } from '../http/input.ts';
import { reply } from '../http/reply.ts';

const MODEL = 'ObjectManager::Attribute';

/** Names, data types and options are checked by the object manager itself, with Zammad's messages. */
const AttributeInput = z.looseObject({ active: bool });

/** Zammad's object manager (§3.11): every route needs `admin.object`. */
export function objectManagerRoutes() {
  const app = new Hono<DeskEnv>();
  const admin = requirePermission('admin.object');

  app.get('/object_manager_attributes', admin, async (c) => reply(c, await listAttributes(c.get('db'))));

  app.get('/object_manager_attributes/:id{[0-9]+}', admin, async (c) => {
    const id = pathId(c.req.param('id'), MODEL);
    return reply(c, serializeAttribute(await loadAttribute(c.get('db'), id)));
  });

  app.post('/object_manager_attributes', admin, async (c) => {
    const body = await input(c, AttributeInput);
    return reply(c, await c.get('db').tx((tx) => createAttribute(tx, c.get('actor').user.id, body)), 201);
  });

  app.put('/object_manager_attributes/:id{[0-9]+}', admin, async (c) => {
    const id = pathId(c.req.param('id'), MODEL);
    const body = await input(c, AttributeInput);
    return reply(c, await c.get('db').tx((tx) => updateAttribute(tx, c.get('actor').user.id, id, body)));
  });

  app.delete('/object_manager_attributes/:id{[0-9]+}', admin, async (c) => {
    await deleteAttribute(c.get('db'), pathId(c.req.param('id'), MODEL));
    return reply(c, {});
  });

  app.post('/object_manager_attributes_execute_migrations', admin, async (c) => {
    await executeMigrations(c.get('db'));
    return reply(c, {});
  });

  app.post('/object_manager_attributes_discard_changes', admin, async (c) => {
    await discardChanges(c.get('db'));
    return reply(c, {});
  });

  return app;
}
