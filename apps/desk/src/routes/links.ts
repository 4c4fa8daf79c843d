import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import { one } from '../db/client.ts';
import { type Assets, ticketAssets } from '../domain/assets.ts';
import { addLink, linkObject, listLinks, removeLink, serializeLink } from '../domain/links.ts';
import { canChange, canRead, loadReadableTicket, loadTicket, type TicketRow } from '../domain/tickets.ts';
import { ApiError, notAuthorized } from '../lib/errors.ts';
import { intParam, params, reply } from '../lib/http.ts';

function linkTypeParam(q: Record<string, unknown>): string {
  const type = q.link_type;
  if (typeof type !== 'string' || !['normal', 'parent', 'child'].includes(type))
    throw new ApiError(422, `Invalid value for param 'link_type': ${JSON.stringify(type ?? null)}`);
  return type;
}

/** Only tickets are linked through the REST API here (knowledge base links are out of scope). */
function ticketObject(v: unknown, param: string): 'Ticket' {
  if (linkObject(v, param) !== 'Ticket')
    throw new ApiError(422, `Invalid value for param '${param}': ${JSON.stringify(v)}`);
  return 'Ticket';
}

export function linksRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/links', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    ticketObject(q.link_object, 'link_object');
    const ticket = await loadReadableTicket(db, actor, intParam(q.link_object_value, 'link_object_value'));
    const assets: Assets = {};
    const links = [];
    for (const link of await listLinks(db, 'Ticket', ticket.id)) {
      if (link.link_object !== 'Ticket') continue;
      const other = await one<TicketRow>(db, 'SELECT * FROM tickets WHERE id = $1', [link.link_object_value]);
      // Links to tickets the caller cannot see are dropped.
      if (!other || !canRead(actor, other)) continue;
      await ticketAssets(db, actor, [other], assets);
      links.push(link);
    }
    return reply(c, { links, assets });
  });

  app.post('/links/add', requirePermission('ticket.agent'), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const type = linkTypeParam(q);
    ticketObject(q.link_object_source, 'link_object_source');
    ticketObject(q.link_object_target, 'link_object_target');
    // The source is given by NUMBER, the target by id.
    const number = q.link_object_source_number;
    const source =
      typeof number === 'string' || typeof number === 'number'
        ? await one<TicketRow>(db, 'SELECT * FROM tickets WHERE number = $1', [String(number)])
        : undefined;
    if (!source) throw new ApiError(422, 'The object could not be found.');
    const target = await loadTicket(db, intParam(q.link_object_target_value, 'link_object_target_value'));
    if (!canChange(actor, target) || !canRead(actor, source)) throw notAuthorized();
    const link = await addLink(
      db,
      type,
      { object: 'Ticket', value: source.id },
      { object: 'Ticket', value: target.id },
    );
    return reply(c, serializeLink(link), 201);
  });

  app.delete('/links/remove', requirePermission('ticket.agent'), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const type = linkTypeParam(q);
    ticketObject(q.link_object_source, 'link_object_source');
    ticketObject(q.link_object_target, 'link_object_target');
    // Here the source is given by id.
    const sourceId = intParam(q.link_object_source_value, 'link_object_source_value');
    const target = await loadTicket(db, intParam(q.link_object_target_value, 'link_object_target_value'));
    if (!canChange(actor, target)) throw notAuthorized();
    await removeLink(db, type, { object: 'Ticket', value: sourceId }, { object: 'Ticket', value: target.id });
    return reply(c, {}, 201);
  });

  return app;
}
