import type { ZammadClient } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import type { ReferenceData } from '../lib/reference.ts';
import { referenceFor } from '../lib/request.ts';
import { displayName, fullUser, Resolver } from '../lib/resolve.ts';
import { loadLinks } from '../lib/ticket-links.ts';
import { loadTicket, searchFull, ticketsOf } from '../lib/ticket-queries.ts';
import { agentsOnly } from '../middleware/session.ts';
import { endpoint, IdParam, recordErrorResponses, reply } from '../openapi.ts';
import { LinkSchema, PersonRefSchema, TicketSummarySchema } from '../schemas.ts';

/* The agent's side panel of a ticket: who asked, their organization, their other tickets, links. */

const errors = recordErrorResponses();

/** How many of the customer's other tickets the context lists (the count covers them all). */
export const OTHER_TICKETS = 10;

const ContextReply = z
  .object({
    customer: z
      .object({
        id: z.number().int(),
        name: z.string(),
        email: z.string(),
        organization: PersonRefSchema.nullable(),
      })
      .nullable(),
    organization: PersonRefSchema.nullable(),
    other_tickets: z.object({
      items: z.array(TicketSummarySchema).openapi({ description: 'Most recently updated first.' }),
      total_count: z.number().int().openapi({ description: 'All of them, not only those listed.' }),
    }),
    links: z.array(LinkSchema),
  })
  .openapi('TicketContext');

const context = createRoute({
  ...endpoint('get', '/bff/agent/tickets/{id}/context', agentsOnly),
  summary: "The ticket's customer, organization, the customer's other tickets and the links",
  description:
    'Three upstream calls, in parallel: the ticket (`full=true`), one search for the customer’s tickets and `GET /links`.',
  request: { params: IdParam },
  responses: { 200: reply('The context', ContextReply), ...errors },
});

/** The customer's tickets, most recently updated first, in one search (works without Elasticsearch). */
async function customerTickets(
  upstream: ZammadClient,
  ref: ReferenceData,
  customerId: number,
  exclude: number,
) {
  const list = await searchFull(upstream, {
    query: '*',
    condition: {
      'ticket.customer_id': { operator: 'is', pre_condition: 'specific', value: [String(customerId)] },
    },
    sort_by: 'updated_at',
    order_by: 'desc',
    page: 1,
    per_page: OTHER_TICKETS + 1,
  });
  const resolver = new Resolver(ref, list.assets);
  const items = ticketsOf(list)
    .filter((t) => t.id !== exclude)
    .map((t) => resolver.ticket(t))
    .slice(0, OTHER_TICKETS);
  const total = list.total_count ?? list.record_ids.length;
  return {
    items,
    total_count: Math.max(items.length, list.record_ids.includes(exclude) ? total - 1 : total),
  };
}

export function ticketContextRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(context, async (c) => {
    const { id } = c.req.valid('param');
    const upstream = c.get('upstream');
    const ref = await referenceFor(c, services);
    const { resolver, ticket } = await loadTicket(upstream, ref, id);
    const customerId = ticket.customer?.id;
    const [others, links] = await Promise.all([
      customerId ? customerTickets(upstream, ref, customerId, id) : { items: [], total_count: 0 },
      loadLinks(upstream, ref, id),
    ]);
    const up = customerId ? resolver.assets.User?.[String(customerId)] : undefined;
    // A customer seen reduced (no organization, no address) falls back to the ticket's.
    const full = fullUser(up);
    const orgId = typeof full?.organization_id === 'number' ? full.organization_id : null;
    const customerOrg = orgId
      ? { id: orgId, name: resolver.assets.Organization?.[String(orgId)]?.name ?? `#${orgId}` }
      : ticket.organization;
    return c.json(
      {
        customer:
          customerId && ticket.customer
            ? {
                id: customerId,
                name: displayName(up) ?? ticket.customer.name,
                email: full?.email ?? '',
                organization: customerOrg,
              }
            : null,
        organization: ticket.organization,
        other_tickets: others,
        links,
      },
      200,
    );
  });

  return app;
}
