import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { fullUser } from '../lib/resolve.ts';
import { signedIn } from '../middleware/session.ts';
import { ErrorSchema, endpoint, IdParam, reply, ticketErrorResponses } from '../openapi.ts';

/* The person's notifications: the bell. */

const Notification = z
  .object({
    id: z.number().int(),
    seen: z.boolean(),
    type: z.string().openapi({ description: 'create, update, escalation…' }),
    object: z.string().openapi({ description: 'Usually Ticket.' }),
    o_id: z.number().int().openapi({ description: 'The id of that object (a ticket id for tickets).' }),
    created_by: z.string().nullable().openapi({ description: 'Login of whoever caused it.' }),
    created_by_name: z
      .string()
      .nullable()
      .openapi({ description: 'Display name of whoever caused it (their full name, else the login).' }),
    ticket_number: z
      .string()
      .nullable()
      .openapi({ description: 'The ticket number (not its id) when the object is a ticket.' }),
    ticket_title: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('Notification');

const NotificationList = z
  .object({ unread_count: z.number().int(), items: z.array(Notification) })
  .openapi('NotificationList');

const notifications = createRoute({
  ...endpoint('get', '/bff/notifications', signedIn),
  summary: "The person's notifications (newest first) and the unread count",
  responses: {
    200: reply('Notifications', NotificationList),
    ...ticketErrorResponses,
  },
});

const markRead = createRoute({
  ...endpoint('post', '/bff/notifications/{id}/read', 'Mark one notification read', signedIn),
  request: { params: IdParam },
  responses: {
    204: { description: 'Marked read' },
    404: reply('No such notification', ErrorSchema),
    ...ticketErrorResponses,
  },
});

const markAllRead = createRoute({
  ...endpoint('post', '/bff/notifications/read-all', 'Mark all notifications read', signedIn),
  responses: { 204: { description: 'All marked read' }, ...ticketErrorResponses },
});

export function notificationRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(notifications, async (c) => {
    const upstream = c.get('upstream');
    // `expand` names the type and object; `full` brings the tickets (number, title) and the people
    // (names) as assets, as Zammad does: the bell says "Anna Agent mentioned you in ticket #31007".
    const [expanded, full] = await Promise.all([
      upstream.GET('/online_notifications', { params: { query: { expand: 'true' } }, expect: 'list' }),
      upstream.GET('/online_notifications', { params: { query: { full: 'true' } }, expect: 'AssetsList' }),
    ]);
    const { assets } = full;
    const nameOf = (userId: number | null | undefined) => {
      const u = userId ? assets.User?.[String(userId)] : undefined;
      if (!u) return null;
      return `${u.firstname ?? ''} ${u.lastname ?? ''}`.trim() || fullUser(u)?.login || null;
    };
    const items = expanded.map((n) => {
      const ticket = n.object === 'Ticket' ? assets.Ticket?.[String(n.o_id)] : undefined;
      const creatorId = assets.OnlineNotification?.[String(n.id)]?.created_by_id ?? n.created_by_id;
      return {
        id: n.id,
        seen: n.seen,
        type: n.type ?? '',
        object: n.object ?? '',
        o_id: n.o_id,
        created_by: n.created_by ?? null,
        created_by_name: nameOf(creatorId) ?? n.created_by ?? null,
        ticket_number: ticket ? ticket.number : null,
        ticket_title: ticket?.title ?? null,
        created_at: n.created_at,
      };
    });
    return c.json({ unread_count: items.filter((n) => !n.seen).length, items }, 200);
  });

  app.openapi(markRead, async (c) => {
    const { id } = c.req.valid('param');
    await c
      .get('upstream')
      .PUT('/online_notifications/{id}', { params: { path: { id } }, body: { seen: true } });
    return c.body(null, 204);
  });

  app.openapi(markAllRead, async (c) => {
    await c.get('upstream').POST('/online_notifications/mark_all_as_read');
    return c.body(null, 204);
  });

  return app;
}
