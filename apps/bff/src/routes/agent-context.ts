import { unwrap } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { BffEnv, BffServices } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { PresenceRegistry } from '../lib/presence.ts';
import { displayName, Resolver } from '../lib/resolve.ts';
import type { SessionData } from '../lib/session-cookie.ts';
import { loadTicket } from '../lib/ticket-queries.ts';
import { AssetsSchema, FullListSchema, parseUpstream, type UpTicket } from '../lib/upstream-shapes.ts';
import { requireAgent, requireSession } from '../middleware/session.ts';
import { IdParam, json, PersonRefSchema, recordErrorResponses, TicketSummarySchema } from '../schemas.ts';
import { referenceFor } from './tickets.ts';

const errors = recordErrorResponses();

/** How many of the customer's other tickets the context lists (the count covers them all). */
export const OTHER_TICKETS = 10;

const LinkType = z.enum(['normal', 'parent', 'child']);

const LinkSchema = z
  .object({
    type: LinkType.openapi({ description: 'What the linked ticket is to this one.' }),
    ticket: TicketSummarySchema,
  })
  .openapi('TicketLink');

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

const LinkBody = z
  .object({
    number: z.string().trim().min(1).max(50).openapi({ description: 'The other ticket’s NUMBER.' }),
    type: LinkType.openapi({ description: 'What that ticket is to this one.' }),
  })
  .openapi('TicketLinkAdd');
const LinkRemoveQuery = z.object({
  ticket_id: z.coerce.number().int().positive(),
  type: LinkType,
});
const LinksReply = z.object({ links: z.array(LinkSchema) }).openapi('TicketLinks');

const ViewerSchema = z
  .object({
    user_id: z.number().int(),
    name: z.string(),
    state: z.enum(['viewing', 'typing']),
    since: z.string(),
  })
  .openapi('TicketViewer');
const PresenceBody = z
  .object({
    state: z.enum(['viewing', 'typing', 'left']),
    client: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .default('default')
      .openapi({ description: 'The browser tab, so one person with two tabs counts once.' }),
  })
  .openapi('TicketPresence');
const PresenceReply = z
  .object({ viewers: z.array(ViewerSchema).openapi({ description: 'Everyone else; never you.' }) })
  .openapi('TicketViewers');

const context = createRoute({
  method: 'get',
  path: '/bff/agent/tickets/{id}/context',
  middleware: [requireSession, requireAgent] as const,
  summary: "The ticket's customer, organization, the customer's other tickets and the links",
  description:
    'Three upstream calls, in parallel: the ticket (`full=true`), one search for the customer’s tickets and `GET /links`.',
  request: { params: IdParam },
  responses: { 200: { description: 'The context', content: json(ContextReply) }, ...errors },
});

const history = createRoute({
  method: 'get',
  path: '/bff/agent/tickets/{id}/history',
  middleware: [requireSession, requireAgent] as const,
  summary: 'Who changed what and when, newest first (`GET /ticket_history/{id}`)',
  request: { params: IdParam },
  responses: { 200: { description: 'The history', content: json(HistoryReply) }, ...errors },
});

const addLink = createRoute({
  method: 'post',
  path: '/bff/agent/tickets/{id}/links',
  middleware: [requireSession, requireAgent] as const,
  summary: 'Link another ticket (by number) to this one; answers the links as they are now',
  request: { params: IdParam, body: { content: json(LinkBody), required: true } },
  responses: { 200: { description: 'The links', content: json(LinksReply) }, ...errors },
});

const removeLink = createRoute({
  method: 'delete',
  path: '/bff/agent/tickets/{id}/links',
  middleware: [requireSession, requireAgent] as const,
  summary:
    'Remove the link to another ticket (by id, with the type shown); answers the links as they are now',
  request: { params: IdParam, query: LinkRemoveQuery },
  responses: { 200: { description: 'The links', content: json(LinksReply) }, ...errors },
});

const presence = createRoute({
  method: 'post',
  path: '/bff/agent/tickets/{id}/presence',
  middleware: [requireSession, requireAgent] as const,
  summary: 'Heartbeat: I am viewing or typing on this ticket (every ~15 s), or I left',
  description:
    'Kept in the BFF’s memory only. An entry expires 40 s after its last heartbeat. The reply lists the other agents on the ticket.',
  request: { params: IdParam, body: { content: json(PresenceBody), required: true } },
  responses: { 200: { description: 'The others', content: json(PresenceReply) }, ...errors },
});

const presenceEvents = createRoute({
  method: 'get',
  path: '/bff/agent/tickets/{id}/presence/events',
  middleware: [requireSession, requireAgent] as const,
  summary: 'Who else is on this ticket, live (Server-Sent Events)',
  description:
    '`presence` `{ticket_id, viewers}` on connect and whenever the other agents on the ticket change (viewing, typing, gone); a `: ping` comment every 15 s.',
  request: { params: IdParam },
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errors,
  },
});

const UpLinks = z.looseObject({
  links: z.array(
    z.looseObject({ link_type: z.string(), link_object: z.string(), link_object_value: z.number() }),
  ),
  assets: AssetsSchema,
});
const UpHistory = z.looseObject({
  history: z.array(
    z.looseObject({
      id: z.number().int(),
      object: z.string(),
      type: z.string(),
      attribute: z.string().nullish(),
      value_from: z.string().nullish(),
      value_to: z.string().nullish(),
      created_by_id: z.number().int().nullish(),
      created_at: z.string(),
    }),
  ),
  assets: AssetsSchema,
});

type Ctx = Context<BffEnv>;

async function loadLinks(c: Ctx, services: BffServices, id: number) {
  const [ref, raw] = await Promise.all([
    referenceFor(c, services),
    c
      .get('upstream')
      .GET('/links', { params: { query: { link_object: 'Ticket', link_object_value: id } } })
      .then(unwrap),
  ]);
  const res = parseUpstream(UpLinks, raw);
  const resolver = new Resolver(ref, res.assets);
  return res.links
    .filter((l) => l.link_object === 'Ticket')
    .flatMap((l) => {
      const t = res.assets.Ticket?.[String(l.link_object_value)];
      const type = LinkType.safeParse(l.link_type);
      return t && type.success ? [{ type: type.data, ticket: resolver.ticket(t) }] : [];
    });
}

/** The customer's tickets, most recently updated first, in one search (works without Elasticsearch). */
async function customerTickets(c: Ctx, services: BffServices, customerId: number, exclude: number) {
  const [ref, raw] = await Promise.all([
    referenceFor(c, services),
    c
      .get('upstream')
      .POST('/tickets/search', {
        body: {
          query: '*',
          // The document types `condition` as a free object; this one is a selector.
          condition: {
            'ticket.customer_id': { operator: 'is', pre_condition: 'specific', value: [String(customerId)] },
          } as unknown as Record<string, never>,
          sort_by: 'updated_at',
          order_by: 'desc',
          page: 1,
          per_page: OTHER_TICKETS + 1,
          full: true,
        },
      })
      .then(unwrap),
  ]);
  const list = parseUpstream(FullListSchema, raw);
  const resolver = new Resolver(ref, list.assets);
  const items = list.record_ids
    .filter((id) => id !== exclude)
    .map((id) => list.assets.Ticket?.[String(id)])
    .filter((t): t is UpTicket => t !== undefined)
    .map((t) => resolver.ticket(t))
    .slice(0, OTHER_TICKETS);
  const total = list.total_count ?? list.record_ids.length;
  return {
    items,
    total_count: Math.max(items.length, list.record_ids.includes(exclude) ? total - 1 : total),
  };
}

const ACCESS_TTL_MS = 5 * 60_000;

export function agentContextRoutes(services: BffServices, registry = new PresenceRegistry()) {
  const app = new OpenAPIHono<BffEnv>();
  /** `uid:ticket` → until when the person's read access was confirmed upstream. */
  const access = new Map<string, number>();

  /** Presence shows names: only for tickets the person can read upstream (checked, then cached). */
  async function checkAccess(c: Ctx, uid: number, id: number): Promise<void> {
    const key = `${uid}:${id}`;
    if ((access.get(key) ?? 0) > Date.now()) return;
    unwrap(await c.get('upstream').GET('/tickets/{id}', { params: { path: { id } } }));
    if (access.size > 10_000) access.clear();
    access.set(key, Date.now() + ACCESS_TTL_MS);
  }

  app.openapi(context, async (c) => {
    const { id } = c.req.valid('param');
    const { resolver, ticket } = await loadTicket(c.get('upstream'), await referenceFor(c, services), id);
    const customerId = ticket.customer?.id;
    const [others, links] = await Promise.all([
      customerId ? customerTickets(c, services, customerId, id) : { items: [], total_count: 0 },
      loadLinks(c, services, id),
    ]);
    const up = customerId ? resolver.assets.User?.[String(customerId)] : undefined;
    const orgId = typeof up?.organization_id === 'number' ? up.organization_id : null;
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
                email: up?.email ?? '',
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

  app.openapi(history, async (c) => {
    const { id } = c.req.valid('param');
    const raw = unwrap(await c.get('upstream').GET('/ticket_history/{id}', { params: { path: { id } } }));
    const res = parseUpstream(UpHistory, raw);
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

  app.openapi(addLink, async (c) => {
    const { id } = c.req.valid('param');
    const { number, type } = c.req.valid('json');
    const upstream = c.get('upstream');
    const current = await loadTicket(upstream, await referenceFor(c, services), id);
    if (current.ticket.number === number)
      throw new BffError(422, 'invalid', 'A ticket cannot be linked to itself.');
    // Stored as Zammad's UI does: the other ticket (by number) is the source, this one the target,
    // so the type reads "the other ticket is the parent/child of this one".
    unwrap(
      await upstream.POST('/links/add', {
        body: {
          link_type: type,
          link_object_source: 'Ticket',
          link_object_source_number: number,
          link_object_target: 'Ticket',
          link_object_target_value: id,
        },
      }),
    );
    return c.json({ links: await loadLinks(c, services, id) }, 200);
  });

  app.openapi(removeLink, async (c) => {
    const { id } = c.req.valid('param');
    const { ticket_id, type } = c.req.valid('query');
    unwrap(
      await c.get('upstream').DELETE('/links/remove', {
        params: {
          query: {
            link_type: type,
            link_object_source: 'Ticket',
            link_object_source_value: ticket_id,
            link_object_target: 'Ticket',
            link_object_target_value: id,
          },
        },
      }),
    );
    return c.json({ links: await loadLinks(c, services, id) }, 200);
  });

  app.openapi(presence, async (c) => {
    const { id } = c.req.valid('param');
    const { state, client } = c.req.valid('json');
    const s = c.get('session') as SessionData;
    if (state !== 'left') await checkAccess(c, s.uid, id);
    const name = `${s.firstname} ${s.lastname}`.trim() || s.email || s.login;
    return c.json({ viewers: registry.update(id, { id: s.uid, name }, client, state) }, 200);
  });

  app.openapi(presenceEvents, async (c) => {
    const { id } = c.req.valid('param');
    const s = c.get('session') as SessionData;
    const deps = c.get('deps');
    await checkAccess(c, s.uid, id);
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let done: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        done = resolve;
      });
      stream.onAbort(() => done());
      c.req.raw.signal.addEventListener('abort', () => done());
      const unsubscribe = registry.subscribe(id, s.uid, (viewers) => {
        void stream.writeSSE({
          event: 'presence',
          data: JSON.stringify({ ticket_id: id, viewers }),
          retry: 5000,
        });
      });
      const heartbeat = setInterval(() => void stream.write(': ping\n\n'), deps.heartbeatMs ?? 15_000);
      const idle = setTimeout(() => done(), Math.max(1000, s.exp * 1000 - Date.now()));
      try {
        await finished;
      } finally {
        clearInterval(heartbeat);
        clearTimeout(idle);
        unsubscribe();
      }
    }) as never;
  });

  return app;
}
