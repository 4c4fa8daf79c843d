import type { ZammadClient } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { referenceFor } from '../lib/request.ts';
import { loadTags, loadTicket } from '../lib/ticket-queries.ts';
import { signedIn } from '../middleware/session.ts';
import {
  ErrorSchema,
  endpoint,
  IdParam,
  json,
  jsonBody,
  recordErrorResponses,
  reply,
  ticketErrorResponses,
} from '../openapi.ts';
import { TicketSummarySchema } from '../schemas.ts';

/* Tickets' tags: agents' working notes (the upstream refuses customers). */

const Tag = z.string().trim().min(1).max(100);
const TagBody = z.object({ name: Tag }).openapi('TagAdd');
const TagQuery = z.object({ name: Tag });
const TagsReply = z.object({ tags: z.array(z.string()) }).openapi('TicketTags');

const BulkTagsBody = z
  .object({
    ticket_ids: z.array(z.number().int().positive()).min(1).max(500),
    add: z.array(Tag).max(20).default([]),
    remove: z.array(Tag).max(20).default([]),
  })
  .refine((b) => b.add.length + b.remove.length > 0, 'Add or remove at least one tag.')
  .openapi('BulkTags');

const errors = recordErrorResponses('No such ticket');

const addTag = createRoute({
  ...endpoint('post', '/bff/tickets/{id}/tags', 'Tag a ticket (agents)', signedIn),
  request: { params: IdParam, body: jsonBody(TagBody) },
  responses: { 200: reply("The ticket's tags now", TagsReply), ...errors },
});

const removeTag = createRoute({
  ...endpoint('delete', '/bff/tickets/{id}/tags', 'Remove a tag from a ticket (agents)', signedIn),
  request: { params: IdParam, query: TagQuery },
  responses: { 200: reply("The ticket's tags now", TagsReply), ...errors },
});

const bulkTags = createRoute({
  ...endpoint('post', '/bff/agent/tickets/bulk-tags', signedIn),
  summary: 'Add and remove tags on several tickets (agents)',
  request: { body: jsonBody(BulkTagsBody) },
  responses: {
    200: {
      description: 'The tickets as they are now',
      content: json(z.object({ items: z.array(TicketSummarySchema) })),
    },
    ...ticketErrorResponses,
    404: reply('Not found', ErrorSchema),
    422: reply('Refused by the helpdesk', ErrorSchema),
  },
});

/** One tag added to or removed from a ticket. */
function changeTag(upstream: ZammadClient, change: 'add' | 'remove', id: number, item: string) {
  const body = { object: 'Ticket', o_id: id, item };
  return change === 'add' ? upstream.POST('/tags/add', { body }) : upstream.DELETE('/tags/remove', { body });
}

export function tagRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(addTag, async (c) => {
    const { id } = c.req.valid('param');
    await changeTag(c.get('upstream'), 'add', id, c.req.valid('json').name);
    return c.json({ tags: await loadTags(c.get('upstream'), id) }, 200);
  });

  app.openapi(removeTag, async (c) => {
    const { id } = c.req.valid('param');
    await changeTag(c.get('upstream'), 'remove', id, c.req.valid('query').name);
    return c.json({ tags: await loadTags(c.get('upstream'), id) }, 200);
  });

  // The inbox's bulk bar: one upstream call per ticket and tag.
  app.openapi(bulkTags, async (c) => {
    if (!c.get('session')?.is_agent) throw new BffError(403, 'forbidden', 'Only agents can use the inbox.');
    const { ticket_ids, add, remove } = c.req.valid('json');
    const upstream = c.get('upstream');
    for (const id of ticket_ids) {
      for (const item of add) await changeTag(upstream, 'add', id, item);
      for (const item of remove) await changeTag(upstream, 'remove', id, item);
    }
    const ref = await referenceFor(c, services);
    const items = await Promise.all(
      ticket_ids.map(async (id) => (await loadTicket(upstream, ref, id)).ticket),
    );
    return c.json({ items }, 200);
  });

  return app;
}
