import { Hono } from 'hono';
import { z } from 'zod';
import { can } from '../domain/actor.ts';
import {
  administered,
  assertManages,
  COMMUNITY_ADMIN,
  communityBySlug,
  createCommunity,
  deleteCommunity,
  listCommunities,
  loadCommunity,
  MANAGE,
  MODEL,
  setUnitMembers,
  updateCommunity,
  withMembers,
} from '../domain/communities.ts';
import { NotFoundError } from '../domain/errors.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { bool, input, pathId } from '../http/input.ts';
import { reply } from '../http/reply.ts';

const CommunityInput = z.looseObject({ active: bool });

/**
 * Communities (an EOSC extension, not a Zammad route): anyone signed in reads the active ones
 * (the portal shows their branding); `admin.community` manages them; a community admin manages
 * the members of their community's units (services and knowledge-base categories through their
 * own routes).
 */
export function communitiesRoutes() {
  const app = new Hono<DeskEnv>();
  const manage = requirePermission(MANAGE);

  app.get('/communities', async (c) => reply(c, await listCommunities(c.get('db'), c.get('actor'))));

  app.get('/communities/by_slug/:slug', async (c) => {
    const db = c.get('db');
    return reply(c, (await withMembers(db, [await communityBySlug(db, c.req.param('slug'))]))[0]);
  });

  app.get('/communities/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = pathId(c.req.param('id'), MODEL);
    const row = await loadCommunity(db, id);
    if (!row.active && !can(actor, MANAGE) && !(await administered(db, actor)).includes(id))
      throw new NotFoundError(MODEL, id);
    return reply(c, (await withMembers(db, [row]))[0]);
  });

  app.post('/communities', manage, async (c) => {
    const body = await input(c, CommunityInput);
    return reply(c, await c.get('db').tx((tx) => createCommunity(tx, c.get('actor').user.id, body)), 201);
  });

  app.put('/communities/:id{[0-9]+}', manage, async (c) => {
    const id = pathId(c.req.param('id'), MODEL);
    const body = await input(c, CommunityInput);
    return reply(c, await c.get('db').tx((tx) => updateCommunity(tx, c.get('actor').user.id, id, body)));
  });

  app.delete('/communities/:id{[0-9]+}', manage, async (c) => {
    const id = pathId(c.req.param('id'), MODEL);
    await c.get('db').tx((tx) => deleteCommunity(tx, id));
    return reply(c, {});
  });

  app.put(
    '/communities/:id{[0-9]+}/groups/:group{[0-9]+}/members',
    requirePermission([MANAGE, COMMUNITY_ADMIN]),
    async (c) => {
      const db = c.get('db');
      const id = pathId(c.req.param('id'), MODEL);
      await loadCommunity(db, id);
      await assertManages(db, c.get('actor'), id);
      const body = await input(c, z.looseObject({}));
      return reply(
        c,
        await db.tx((tx) => setUnitMembers(tx, id, pathId(c.req.param('group'), 'Group'), body)),
      );
    },
  );

  return app;
}
