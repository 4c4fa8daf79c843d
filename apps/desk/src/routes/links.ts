import { Hono } from 'hono';
import { z } from 'zod';
import { linkTickets, serializeLink, unlinkTickets } from '../domain/links.ts';
import type { Assets } from '../domain/shapes.ts';
import { loadReadableTicket } from '../domain/ticket-access.ts';
import { visibleLinks } from '../domain/tickets/zoom.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { input, int, oneOf, ref } from '../http/input.ts';
import { reply } from '../http/reply.ts';

/** Only tickets are linked through the REST API here (knowledge base links are out of scope). */
const ticketObject = (name: string) => oneOf(name, ['Ticket'] as const);

const linkType = oneOf('link_type', ['normal', 'parent', 'child'] as const);

const LinkChange = z.looseObject({
  link_type: linkType,
  link_object_source: ticketObject('link_object_source'),
  link_object_target: ticketObject('link_object_target'),
});

export function linksRoutes() {
  const app = new Hono<DeskEnv>();
  const agent = requirePermission('ticket.agent');

  app.get('/links', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await input(
      c,
      z.looseObject({
        link_object: ticketObject('link_object'),
        link_object_value: int('link_object_value'),
      }),
    );
    const ticket = await loadReadableTicket(db, actor, q.link_object_value);
    const assets: Assets = {};
    const links = await visibleLinks(db, actor, ticket.id, assets, { ticketsOnly: true });
    return reply(c, { links, assets });
  });

  app.post('/links/add', agent, async (c) => {
    const q = await input(
      c,
      LinkChange.extend({
        link_object_source_number: ref,
        link_object_target_value: int('link_object_target_value'),
      }),
    );
    const link = await linkTickets(
      c.get('db'),
      c.get('actor'),
      q.link_type,
      q.link_object_source_number,
      q.link_object_target_value,
    );
    return reply(c, serializeLink(link), 201);
  });

  app.delete('/links/remove', agent, async (c) => {
    const q = await input(
      c,
      LinkChange.extend({
        link_object_source_value: int('link_object_source_value'),
        link_object_target_value: int('link_object_target_value'),
      }),
    );
    await unlinkTickets(
      c.get('db'),
      c.get('actor'),
      q.link_type,
      q.link_object_source_value,
      q.link_object_target_value,
    );
    return reply(c, {}, 201);
  });

  return app;
}
