import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, can } from '../domain/actor.ts';
import { administered, COMMUNITY_ADMIN } from '../domain/communities.ts';
import { ForbiddenError, InvalidError, NotFoundError } from '../domain/errors.ts';
import {
  createService,
  deleteService,
  listServices,
  loadService,
  updateService,
} from '../domain/services.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { bool, input, pathId } from '../http/input.ts';
import { reply } from '../http/reply.ts';

const MANAGE = 'admin.object';
const MODEL = 'EoscService';
const ServiceInput = z.looseObject({ active: bool });

/**
 * A community admin (not `admin.object`) writes only services of a community they administer,
 * keeps them there, and routes them only to that community's units.
 */
async function assertCommunityWrite(
  db: Db,
  actor: Actor,
  currentCommunity: number | null | undefined,
  body: Record<string, unknown>,
): Promise<void> {
  if (can(actor, MANAGE)) return;
  const mine = await administered(db, actor);
  const target = body.community_id === undefined ? currentCommunity : Number(body.community_id);
  if (currentCommunity !== undefined && (currentCommunity === null || !mine.includes(currentCommunity)))
    throw new ForbiddenError();
  if (target === undefined || target === null || !mine.includes(target)) throw new ForbiddenError();
  const group = body.group_id ?? body.group;
  if (group === undefined || group === null || group === '') return;
  const ok = await one(db, 'SELECT 1 FROM groups WHERE (id::text = $1 OR name = $1) AND community_id = $2', [
    String(group),
    target,
  ]);
  if (!ok)
    throw new InvalidError(
      `Invalid value for param 'group_id': ${JSON.stringify(group)} is no unit of the service's community.`,
    );
}

/**
 * The EOSC service catalogue (an EOSC extension, not a Zammad route): anyone signed in lists the
 * active services; `admin.object` holders see inactive ones too and manage them; community admins
 * manage their community's services.
 */
export function servicesRoutes() {
  const app = new Hono<DeskEnv>();
  const manage = requirePermission([MANAGE, COMMUNITY_ADMIN]);

  app.get('/eosc_services', async (c) =>
    reply(c, await listServices(c.get('db'), can(c.get('actor'), MANAGE))),
  );

  app.get('/eosc_services/:id{[0-9]+}', async (c) => {
    const id = pathId(c.req.param('id'), MODEL);
    const row = await loadService(c.get('db'), id);
    if (!row.active && !can(c.get('actor'), MANAGE)) throw new NotFoundError(MODEL, id);
    return reply(c, row);
  });

  app.post('/eosc_services', manage, async (c) => {
    const body = await input(c, ServiceInput);
    await assertCommunityWrite(c.get('db'), c.get('actor'), undefined, body);
    return reply(c, await c.get('db').tx((tx) => createService(tx, c.get('actor').user.id, body)), 201);
  });

  app.put('/eosc_services/:id{[0-9]+}', manage, async (c) => {
    const id = pathId(c.req.param('id'), MODEL);
    const body = await input(c, ServiceInput);
    const current = await loadService(c.get('db'), id);
    await assertCommunityWrite(c.get('db'), c.get('actor'), current.community_id, body);
    return reply(c, await c.get('db').tx((tx) => updateService(tx, c.get('actor').user.id, id, body)));
  });

  app.delete('/eosc_services/:id{[0-9]+}', manage, async (c) => {
    const id = pathId(c.req.param('id'), MODEL);
    const current = await loadService(c.get('db'), id);
    await assertCommunityWrite(c.get('db'), c.get('actor'), current.community_id, {});
    await c.get('db').tx((tx) => deleteService(tx, id));
    return reply(c, {});
  });

  return app;
}
