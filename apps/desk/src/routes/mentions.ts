import { Hono } from 'hono';
import { z } from 'zod';
import {
  addMention,
  mentionAssets,
  mentionableTicket,
  removeMention,
  ticketMentions,
} from '../domain/mentions.ts';
import type { Assets } from '../domain/shapes.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { flag, input, int, oneOf, pathId } from '../http/input.ts';
import { reply } from '../http/reply.ts';

/** Only tickets take mentions: `mentionable_type=Ticket&mentionable_id=<id>`. */
const Mentionable = z.looseObject({
  mentionable_type: oneOf('mentionable_type', ['Ticket'] as const),
  mentionable_id: int('mentionable_id'),
  full: flag,
});

/** Mentions (subscriptions) are an agent feature: agent `read` on the ticket is needed. */
export function mentionsRoutes() {
  const app = new Hono<DeskEnv>();
  const agent = requirePermission('ticket.agent');

  app.get('/mentions', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await input(c, Mentionable);
    const ticket = await mentionableTicket(db, actor, q.mentionable_id);
    const rows = await ticketMentions(db, ticket.id);
    if (!q.full) return reply(c, { mentions: rows });
    const assets: Assets = {};
    await mentionAssets(db, actor, rows, assets);
    return reply(c, { record_ids: rows.map((m) => m.id), assets });
  });

  app.post('/mentions', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await input(c, Mentionable);
    const ticket = await mentionableTicket(db, actor, q.mentionable_id);
    await db.tx((tx) => addMention(tx, actor, ticket, actor.user.id));
    return reply(c, true, 201);
  });

  app.delete('/mentions/:id{[0-9]+}', agent, async (c) => {
    await removeMention(c.get('db'), c.get('actor'), pathId(c.req.param('id'), 'Mention'));
    return reply(c, true);
  });

  return app;
}
