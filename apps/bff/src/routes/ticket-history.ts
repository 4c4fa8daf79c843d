import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { referenceFor } from '../lib/request.ts';
import { Resolver } from '../lib/resolve.ts';
import { agentsOnly } from '../middleware/session.ts';
import { endpoint, IdParam, recordErrorResponses, reply } from '../openapi.ts';
import { PersonRefSchema } from '../schemas.ts';

/* A ticket's history: who changed what and when. */

const errors = recordErrorResponses();

const HistoryItem = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: PersonRefSchema.nullable(),
    object: z.string().openapi({ description: '`Ticket`, `Ticket::Article`, `Mention`, …' }),
    type: z.string().openapi({ description: '`created`, `updated`, `added`, `removed`, …' }),
    attribute: z.string().nullable().openapi({ description: 'What changed, e.g. `state`, `owner`, `tag`.' }),
    from: z.string().nullable(),
    to: z.string().nullable(),
  })
  .openapi('TicketHistoryItem');
const HistoryReply = z.object({ items: z.array(HistoryItem) }).openapi('TicketHistoryPage');

const history = createRoute({
  ...endpoint('get', '/bff/agent/tickets/{id}/history', agentsOnly),
  summary: 'Who changed what and when, newest first (`GET /ticket_history/{id}`)',
  request: { params: IdParam },
  responses: { 200: reply('The history', HistoryReply), ...errors },
});

export function ticketHistoryRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(history, async (c) => {
    const { id } = c.req.valid('param');
    const res = await c.get('upstream').GET('/ticket_history/{id}', { params: { path: { id } } });
    const resolver = new Resolver(await referenceFor(c, services), res.assets);
    const items = res.history
      .map((h) => ({
        id: h.id,
        at: h.created_at,
        actor: resolver.user(h.created_by_id),
        object: h.object,
        type: h.type,
        attribute: h.attribute ?? null,
        from: h.value_from ?? null,
        to: h.value_to ?? null,
      }))
      .sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
    return c.json({ items }, 200);
  });

  return app;
}
