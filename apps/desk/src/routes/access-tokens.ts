import { Hono } from 'hono';
import { z } from 'zod';
import { createAccessToken, deleteAccessToken, listAccessTokens } from '../domain/access-tokens.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { input, pathId, ref } from '../http/input.ts';
import { reply } from '../http/reply.ts';

const PERMISSION = 'user_preferences.access_token';

/** `name` (the web app's) or `label` (older clients); `permission` one or many (`permission[]`). */
const TokenInput = z
  .looseObject({ name: ref, label: ref, permission: ref, 'permission[]': ref, expires_at: ref })
  .transform((q) => ({
    name: typeof q.name === 'string' ? q.name.trim() : typeof q.label === 'string' ? q.label.trim() : '',
    permission: [q.permission ?? q['permission[]']]
      .flat()
      .filter((p): p is string => typeof p === 'string' && p !== ''),
    expires_at: q.expires_at,
  }));

/** Personal access tokens (self-service, §3.20). Create answers 200, not 201. */
export function accessTokensRoutes() {
  const app = new Hono<DeskEnv>();
  const guard = requirePermission(PERMISSION);

  app.get('/user_access_token', guard, async (c) =>
    reply(c, await listAccessTokens(c.get('db'), c.get('actor'))),
  );

  app.post('/user_access_token', guard, async (c) => {
    const token = await createAccessToken(c.get('db'), c.get('actor'), await input(c, TokenInput));
    return reply(c, { token });
  });

  app.delete('/user_access_token/:id{[0-9]+}', guard, async (c) => {
    await deleteAccessToken(c.get('db'), c.get('actor'), pathId(c.req.param('id'), 'Token'));
    return reply(c, {});
  });

  return app;
}
