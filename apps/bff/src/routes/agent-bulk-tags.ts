import { unwrap } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { loadTicket } from '../lib/ticket-queries.ts';
import { requireSession } from '../middleware/session.ts';
import { ErrorSchema, json, TicketSummarySchema, ticketErrorResponses } from '../schemas.ts';
import { referenceFor } from './tickets.ts';

const Tag = z.string().trim().min(1).max(100);

const BulkTagsBody = z
  .object({
    ticket_ids: z.array(z.number().int().positive()).min(1).max(500),
    add: z.array(Tag).max(20).default([]),
    remove: z.array(Tag).max(20).default([]),
  })
  .refine((b) => b.add.length + b.remove.length > 0, 'Add or remove at least one tag.')
  .openapi('BulkTags');

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

/** Bulk tagging for the inbox's bulk bar: adding and removing, one upstream call per ticket and tag. */
export function agentBulkTagRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();
  app.openapi(bulkTags, async (c) => {
    if (!c.get('session')?.is_agent) throw new BffError(403, 'forbidden', 'Only agents can use the inbox.');
    const { ticket_ids, add, remove } = c.req.valid('json');
    const upstream = c.get('upstream');
    for (const id of ticket_ids) {
      for (const item of add)
        unwrap(await upstream.POST('/tags/add', { body: { object: 'Ticket', o_id: id, item } }));
      for (const item of remove)
        unwrap(await upstream.DELETE('/tags/remove', { body: { object: 'Ticket', o_id: id, item } }));
    }
    const ref = await referenceFor(c, services);
    const items = await Promise.all(
      ticket_ids.map(async (id) => (await loadTicket(upstream, ref, id)).ticket),
    );
    return c.json({ items }, 200);
  });
  return app;
}
