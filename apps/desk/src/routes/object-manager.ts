import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
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
import { idParam } from '../domain/reference-data.ts';
import { params, reply } from '../lib/http.ts';

/** Zammad's object manager (§3.11): every route needs `admin.object`. */
export function objectManagerRoutes() {
  const app = new Hono<DeskEnv>();
  const admin = requirePermission('admin.object');

  app.get('/object_manager_attributes', admin, async (c) => reply(c, await listAttributes(c.get('db'))));

  app.get('/object_manager_attributes/:id{[0-9]+}', admin, async (c) => {
    const id = idParam(c.req.param('id'), 'ObjectManager::Attribute');
    return reply(c, serializeAttribute(await loadAttribute(c.get('db'), id)));
  });

  app.post('/object_manager_attributes', admin, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const input = await params(c);
    return reply(c, await db.tx((tx) => createAttribute(tx, actor.user.id, input)), 201);
  });

  app.put('/object_manager_attributes/:id{[0-9]+}', admin, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = idParam(c.req.param('id'), 'ObjectManager::Attribute');
    const input = await params(c);
    return reply(c, await db.tx((tx) => updateAttribute(tx, actor.user.id, id, input)));
  });

  app.delete('/object_manager_attributes/:id{[0-9]+}', admin, async (c) => {
    const id = idParam(c.req.param('id'), 'ObjectManager::Attribute');
    await deleteAttribute(c.get('db'), id);
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
