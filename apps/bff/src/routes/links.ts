import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { referenceFor } from '../lib/request.ts';
import { loadLinks } from '../lib/ticket-links.ts';
import { loadTicket } from '../lib/ticket-queries.ts';
import { agentsOnly } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';
import { LinkSchema, LinkTypeSchema } from '../schemas.ts';

/* Links between tickets (normal, parent, child). */

const errors = recordErrorResponses();

const LinkBody = z
  .object({
    number: z.string().trim().min(1).max(50).openapi({ description: 'The other ticket’s NUMBER.' }),
    type: LinkTypeSchema.openapi({ description: 'What that ticket is to this one.' }),
  })
  .openapi('TicketLinkAdd');
const LinkRemoveQuery = z.object({
  ticket_id: z.coerce.number().int().positive(),
  type: LinkTypeSchema,
});
const LinksReply = z.object({ links: z.array(LinkSchema) }).openapi('TicketLinks');

const addLink = createRoute({
  ...endpoint('post', '/bff/agent/tickets/{id}/links', agentsOnly),
  summary: 'Link another ticket (by number) to this one; answers the links as they are now',
  request: { params: IdParam, body: jsonBody(LinkBody) },
  responses: { 200: reply('The links', LinksReply), ...errors },
});

const removeLink = createRoute({
  ...endpoint('delete', '/bff/agent/tickets/{id}/links', agentsOnly),
  summary:
    'Remove the link to another ticket (by id, with the type shown); answers the links as they are now',
  request: { params: IdParam, query: LinkRemoveQuery },
  responses: { 200: reply('The links', LinksReply), ...errors },
});

export function linkRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(addLink, async (c) => {
    const { id } = c.req.valid('param');
    const { number, type } = c.req.valid('json');
    const upstream = c.get('upstream');
    const ref = await referenceFor(c, services);
    const current = await loadTicket(upstream, ref, id);
    if (current.ticket.number === number)
      throw new BffError(422, 'invalid', 'A ticket cannot be linked to itself.');
    // Stored as Zammad's UI does: the other ticket (by number) is the source, this one the target,
    // so the type reads "the other ticket is the parent/child of this one".
    await upstream.POST('/links/add', {
      body: {
        link_type: type,
        link_object_source: 'Ticket',
        link_object_source_number: number,
        link_object_target: 'Ticket',
        link_object_target_value: id,
      },
    });
    return c.json({ links: await loadLinks(upstream, ref, id) }, 200);
  });

  app.openapi(removeLink, async (c) => {
    const { id } = c.req.valid('param');
    const { ticket_id, type } = c.req.valid('query');
    const upstream = c.get('upstream');
    await upstream.DELETE('/links/remove', {
      params: {
        query: {
          link_type: type,
          link_object_source: 'Ticket',
          link_object_source_value: ticket_id,
          link_object_target: 'Ticket',
          link_object_target_value: id,
        },
      },
    });
    return c.json({ links: await loadLinks(upstream, await referenceFor(c, services), id) }, 200);
  });

  return app;
}
