import { type Context, Hono } from 'hono';
import { can } from '../domain/actor.ts';
import { ForbiddenError } from '../domain/errors.ts';
import { endSessions, sessionState } from '../domain/sessions.ts';
import type { DeskEnv } from '../http/env.ts';
import { int, parse } from '../http/input.ts';
import { reply } from '../http/reply.ts';

/**
 * EOSC extension: a person's session epoch (see domain/sessions.ts). Readable and resettable by
 * the person themself, and by admins (`admin.user`, or Zammad's `admin.session`, which guards its
 * own sessions API). `DELETE` is "end all sessions": every web session of the person ends.
 */
export function sessionsRoutes() {
  const app = new Hono<DeskEnv>();
  const target = (id: string) => parse(int('id'), id);
  const allowed = (c: Context<DeskEnv>, id: number) => {
    const actor = c.get('actor');
    if (actor.user.id !== id && !can(actor, ['admin.user', 'admin.session'])) throw new ForbiddenError();
  };

  app.get('/users/:id{[0-9]+}/sessions', async (c) => {
    const id = target(c.req.param('id'));
    allowed(c, id);
    return reply(c, await sessionState(c.get('db'), id));
  });

  app.delete('/users/:id{[0-9]+}/sessions', async (c) => {
    const id = target(c.req.param('id'));
    allowed(c, id);
    return reply(c, await endSessions(c.get('db'), id));
  });

  return app;
}
