import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { referenceFor, sessionOf } from '../lib/request.ts';
import { searchTickets } from '../lib/ticket-queries.ts';
import { signedIn } from '../middleware/session.ts';
import { endpoint, reply, ticketErrorResponses } from '../openapi.ts';
import { TicketSummarySchema } from '../schemas.ts';

const HomeReply = z
  .object({
    my_open: z.object({ items: z.array(TicketSummarySchema), total_count: z.number().int() }).openapi({
      description:
        'Customers: open tickets they asked for. Agents: open tickets they own. Newest activity first.',
    }),
    recent: z.array(TicketSummarySchema).openapi({
      description: 'Recent activity: the tickets the person can see that changed last.',
    }),
  })
  .openapi('Home');

const home = createRoute({
  ...endpoint('get', '/bff/home', "The portal home: the person's open tickets and recent activity", signedIn),
  description: 'Two upstream searches in parallel; reference data from the cache.',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(50).default(10).openapi({ description: 'Per section.' }),
    }),
  },
  responses: { 200: reply('The home screen', HomeReply), ...ticketErrorResponses },
});

export function homeRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(home, async (c) => {
    const { limit } = c.req.valid('query');
    const s = sessionOf(c);
    const upstream = c.get('upstream');
    const ref = await referenceFor(c, services);
    const mine = s.is_agent ? { owner: 'me' as const } : { customer: 'me' as const };
    const [myOpen, recent] = await Promise.all([
      searchTickets(upstream, ref, s.uid, { state: 'open', ...mine }, 1, limit),
      searchTickets(upstream, ref, s.uid, {}, 1, limit),
    ]);
    return c.json({ my_open: myOpen, recent: recent.items }, 200);
  });

  return app;
}
