import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { referenceFor } from '../lib/request.ts';
import { loadTags, loadTicket } from '../lib/ticket-queries.ts';
import { requireSession } from '../middleware/session.ts';
import {
  ErrorSchema,
  IdParam,
  json,
  recordErrorResponses,
  TicketSummarySchema,
  ticketErrorResponses,
} from '../schemas.ts';

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
  method: 'post',
  path: '/bff/tickets/{id}/tags',
  summary: 'Tag a ticket (agents)',
  middleware: [requireSession] as const,
  request: { params: IdParam, body: { content: json(TagBody), required: true } },
  responses: { 200: { description: "The ticket's tags now", content: json(TagsReply) }, ...errors },
});

const removeTag = createRoute({
  method: 'delete',
  path: '/bff/tickets/{id}/tags',
  summary: 'Remove a tag from a ticket (agents)',
  middleware: [requireSession] as const,
  request: { params: IdParam, query: TagQuery },
  responses: { 200: { description: "The ticket's tags now", content: json(TagsReply) }, ...errors },
});

const bulkTags = createRoute({
  method: 'post',
  path: '/bff/agent/tickets/bulk-tags',
  middleware: [requireSession] as const,
  summary: 'Add and remove tags on several tickets (agents)',
  request: { body: { content: json(BulkTagsBody), required: true } },
  responses: {
    200: {
      description: 'The tickets as they are now',
      content: json(z.object({ items: z.array(TicketSummarySchema) })),
    },
    ...ticketErrorResponses,
    404: { description: 'Not found', content: json(ErrorSchema) },
    422: { description: 'Refused by the helpdesk', content: json(ErrorSchema) },
  },
});

export function tagRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(addTag, async (c) => {
    const { id } = c.req.valid('param');
    const { name } = c.req.valid('json');
    const upstream = c.get('upstream');
    await upstream.POST('/tags/add', { body: { object: 'Ticket', o_id: id, item: name } });
    return c.json({ tags: await loadTags(upstream, id) }, 200);
  });

  app.openapi(removeTag, async (c) => {
    const { id } = c.req.valid('param');
    const { name } = c.req.valid('query');
    const upstream = c.get('upstream');
    await upstream.DELETE('/tags/remove', { body: { object: 'Ticket', o_id: id, item: name } });
    return c.json({ tags: await loadTags(upstream, id) }, 200);
  });

  // The inbox's bulk bar: one upstream call per ticket and tag.
  app.openapi(bulkTags, async (c) => {
    if (!c.get('session')?.is_agent) throw new BffError(403, 'forbidden', 'Only agents can use the inbox.');
    const { ticket_ids, add, remove } = c.req.valid('json');
    const upstream = c.get('upstream');
    for (const id of ticket_ids) {
      for (const item of add)
        await upstream.POST('/tags/add', { body: { object: 'Ticket', o_id: id, item } });
      for (const item of remove)
        await upstream.DELETE('/tags/remove', { body: { object: 'Ticket', o_id: id, item } });
    }
    const ref = await referenceFor(c, services);
    const items = await Promise.all(
      ticket_ids.map(async (id) => (await loadTicket(upstream, ref, id)).ticket),
    );
    return c.json({ items }, 200);
  });

  return app;
}
