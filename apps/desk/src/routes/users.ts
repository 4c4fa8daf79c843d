import { Hono } from 'hono';
import type { DeskEnv } from '../auth.ts';
import { serializeUser } from '../domain/users.ts';
import { reply } from '../lib/http.ts';

export function userRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/users/me', async (c) => {
    const actor = c.get('actor');
    return reply(c, await serializeUser(c.get('db'), actor.user.id));
  });

  return app;
}
