import { Hono } from 'hono';
import type { DeskEnv } from '../auth.ts';
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import type { Actor } from '../domain/actor.ts';
import { type Assets, addAsset, ticketAssets, userAssets } from '../domain/assets.ts';
import { type NotificationRow, serializeNotifications } from '../domain/notifications.ts';
import { canRead, type TicketRow } from '../domain/tickets.ts';
import { notAuthorized, notFound } from '../lib/errors.ts';
import { intParam, params, reply, truthy } from '../lib/http.ts';

async function loadOwn(db: Db, actor: Actor, id: number): Promise<NotificationRow> {
  const row = await one<NotificationRow>(db, 'SELECT * FROM online_notifications WHERE id = $1', [id]);
  if (!row) throw notFound('OnlineNotification', id);
  if (row.user_id !== actor.user.id) throw notAuthorized();
  return row;
}

export function onlineNotificationsRoutes() {
  const app = new Hono<DeskEnv>();

  // The caller's own, newest first, at most 200; only those about tickets they can still read.
  app.get('/online_notifications', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const rows = await db.query<NotificationRow>(
      'SELECT * FROM online_notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200',
      [actor.user.id],
    );
    const ticketIds = [...new Set(rows.filter((r) => r.object === 'Ticket').map((r) => r.o_id))];
    const tickets = ticketIds.length
      ? await db.query<TicketRow>('SELECT * FROM tickets WHERE id = ANY($1)', [ticketIds])
      : [];
    const readable = new Map(tickets.filter((t) => canRead(actor, t)).map((t) => [t.id, t]));
    const visible = rows.filter((r) => r.object !== 'Ticket' || readable.has(r.o_id));
    if (!truthy(q.expand) && truthy(q.full)) {
      const assets: Assets = {};
      for (const n of await serializeNotifications(db, visible, false))
        addAsset(assets, 'OnlineNotification', n);
      await ticketAssets(db, actor, [...readable.values()], assets);
      await userAssets(
        db,
        actor,
        visible.map((r) => r.created_by_id),
        assets,
      );
      return reply(c, { record_ids: visible.map((r) => r.id), assets });
    }
    return reply(c, await serializeNotifications(db, visible, truthy(q.expand)));
  });

  app.get('/online_notifications/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const q = await params(c);
    const row = await loadOwn(db, c.get('actor'), intParam(c.req.param('id'), 'id'));
    const [out] = await serializeNotifications(db, [row], truthy(q.expand));
    return reply(c, out);
  });

  app.put('/online_notifications/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const row = await loadOwn(db, actor, intParam(c.req.param('id'), 'id'));
    let updated = row;
    if (q.seen !== undefined && q.seen !== null) {
      updated =
        (await one<NotificationRow>(
          db,
          `UPDATE online_notifications SET seen = $2, updated_at = now(), updated_by_id = $3 WHERE id = $1
           RETURNING *`,
          [row.id, truthy(q.seen), actor.user.id],
        )) ?? row;
    }
    const [out] = await serializeNotifications(db, [updated], truthy(q.expand));
    return reply(c, out);
  });

  app.delete('/online_notifications/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const row = await loadOwn(db, c.get('actor'), intParam(c.req.param('id'), 'id'));
    await db.query('DELETE FROM online_notifications WHERE id = $1', [row.id]);
    return reply(c, {});
  });

  app.post('/online_notifications/mark_all_as_read', async (c) => {
    const actor = c.get('actor');
    await c
      .get('db')
      .query(
        'UPDATE online_notifications SET seen = true, updated_at = now(), updated_by_id = $1 WHERE user_id = $1 AND NOT seen',
        [actor.user.id],
      );
    return reply(c, {});
  });

  return app;
}
