import { Hono } from 'hono';
import {
  parsePreferences,
  resetNotificationPreferences,
  writePreferences,
} from '../domain/mail/notification-settings.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { params } from '../http/params.ts';
import { reply } from '../http/reply.ts';

/**
 * Zammad's own preference routes (UsersController#preferences and
 * #preferences_notifications_reset): each person changes their own preferences, nobody else's.
 * Mounted before the user resource so `/users/preferences` is never read as `/users/:id`.
 */
export function userPreferencesRoutes() {
  const app = new Hono<DeskEnv>();
  const self = requirePermission(['user_preferences.*', 'ticket.agent', 'ticket.customer']);

  app.put('/users/preferences', self, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const prefs = parsePreferences(actor, await params(c));
    await db.tx((tx) => writePreferences(tx, actor.user.id, prefs));
    return reply(c, { message: 'ok' });
  });

  app.post('/users/preferences_notifications_reset', self, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    await db.tx((tx) => resetNotificationPreferences(tx, actor));
    return reply(c, { message: 'ok' });
  });

  return app;
}
