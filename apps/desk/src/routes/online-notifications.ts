import { Hono } from 'hono';
import { ticketAssets, userAssets } from '../domain/assets.ts';
import {
  deleteNotification,
  loadOwnNotification,
  markAllSeen,
  markSeen,
  serializeNotifications,
  visibleNotifications,
} from '../domain/notifications.ts';
import { type Assets, addAsset } from '../domain/shapes.ts';
import type { DeskEnv } from '../http/env.ts';
import { bool, input, pathId, ShapeQuery, shaped } from '../http/input.ts';
import { reply } from '../http/reply.ts';

const MODEL = 'OnlineNotification';

/** The bell: each signed-in user's own notifications; no permission beyond being signed in. */
export function onlineNotificationsRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/online_notifications', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const { shape } = await input(c, ShapeQuery);
    const { notifications, tickets } = await visibleNotifications(db, actor);
    if (shape !== 'full')
      return reply(c, await serializeNotifications(db, notifications, shape === 'expand'));
    const assets: Assets = {};
    for (const n of await serializeNotifications(db, notifications, false)) addAsset(assets, MODEL, n);
    await ticketAssets(db, actor, tickets, assets);
    await userAssets(
      db,
      actor,
      notifications.map((r) => r.created_by_id),
      assets,
    );
    return reply(c, { record_ids: notifications.map((r) => r.id), assets });
  });

  app.get('/online_notifications/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const row = await loadOwnNotification(db, c.get('actor'), pathId(c.req.param('id'), MODEL));
    const { shape } = await input(c, ShapeQuery);
    return reply(c, (await serializeNotifications(db, [row], shape === 'expand'))[0]);
  });

  app.put('/online_notifications/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await input(c, shaped({ seen: bool }));
    const row = await loadOwnNotification(db, actor, pathId(c.req.param('id'), MODEL));
    const updated = q.seen === undefined || q.seen === null ? row : await markSeen(db, actor, row, q.seen);
    return reply(c, (await serializeNotifications(db, [updated], q.shape === 'expand'))[0]);
  });

  app.delete('/online_notifications/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const row = await loadOwnNotification(db, c.get('actor'), pathId(c.req.param('id'), MODEL));
    await deleteNotification(db, row.id);
    return reply(c, {});
  });

  app.post('/online_notifications/mark_all_as_read', async (c) => {
    await markAllSeen(c.get('db'), c.get('actor'));
    return reply(c, {});
  });

  return app;
}
