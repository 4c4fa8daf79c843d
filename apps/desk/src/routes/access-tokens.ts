import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import { idParam } from '../domain/reference-data.ts';
import { createAccessToken, deleteAccessToken, listAccessTokens } from '../domain/users.ts';
import { params, reply } from '../lib/http.ts';

const PERMISSION = 'user_preferences.access_token';

/** Personal access tokens (self-service, §3.20). Create answers 200, not 201. */
export function accessTokensRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/user_access_token', requirePermission(PERMISSION), async (c) => {
    return reply(c, await listAccessTokens(c.get('db'), c.get('actor')));
  });

  app.post('/user_access_token', requirePermission(PERMISSION), async (c) => {
    const token = await createAccessToken(c.get('db'), c.get('actor'), await params(c));
    return reply(c, { token });
  });

  app.delete('/user_access_token/:id{[0-9]+}', requirePermission(PERMISSION), async (c) => {
    await deleteAccessToken(c.get('db'), c.get('actor'), idParam(c.req.param('id'), 'Token'));
    return reply(c, {});
  });

  return app;
}
