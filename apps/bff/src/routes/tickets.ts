import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type BffEnv, type BffServices, helpdeskOf } from '../context.ts';
import { assertCommunityService } from '../lib/communities.ts';
import type { StoredReply } from '../lib/idempotency.ts';
import { once, referenceFor, sessionOf } from '../lib/request.ts';
import { type AnyUser, Resolver } from '../lib/resolve.ts';
import { seesOrganizationTickets } from '../lib/shared-organization.ts';
import { findOwnNewTicket, loadTicket, loadTicketScreen, searchTickets } from '../lib/ticket-queries.ts';
import { MessageAttachments, MessageContentType, uploadOwner } from '../lib/uploads.ts';
import { signedIn } from '../middleware/session.ts';
import {
  endpoint,
  IdempotencyInProgress,
  IdParam,
  jsonBody,
  recordErrorResponses,
  reply,
  ticketErrorResponses,
} from '../openapi.ts';
import { ArticleSchema, IdempotencyHeader, TicketSummarySchema } from '../schemas.ts';
import { upstreamFor } from '../upstream.ts';

const ListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(25),
  state: z.enum(['open', 'waiting', 'closed', 'all']).default('all').openapi({
    description:
      'open: new, open and pending states; waiting: the pending states only (waiting for the customer or a date); closed: closed and merged.',
  }),
  scope: z.enum(['mine', 'organization']).optional().openapi({
    description:
      "Customers: `mine` lists the tickets they asked for; `organization` those of their organization(s), theirs and (in a shared organization) their colleagues'. Without it: everything they may see. Ignored for agents.",
  }),
  group_id: z.coerce.number().int().positive().optional().openapi({ description: 'Agents: one group.' }),
  owner: z.enum(['me', 'unassigned']).optional().openapi({ description: 'Agents: mine or unassigned.' }),
  q: z.string().trim().max(500).optional().openapi({
    description: "Search text (the upstream's ticket search: title, number, article text).",
  }),
});

const ListReply = z
  .object({
    items: z.array(TicketSummarySchema),
    page: z.number().int(),
    per_page: z.number().int(),
    has_more: z.boolean(),
    total_count: z.number().int(),
    shared_organization: z.boolean().openapi({
      description:
        'Customers: true when they also see tickets others in their organization asked for (a shared organization): offer `scope=organization`. Always false for agents.',
    }),
  })
  .openapi('TicketList');

const CreateBody = z
  .object({
    title: z.string().trim().min(1, 'Give the ticket a title.').max(200),
    body: z.string().trim().min(1, 'Describe the problem or request.').max(100_000),
    content_type: MessageContentType,
    attachments: MessageAttachments,
    group: z.string().min(1).max(255).optional(),
    group_id: z.number().int().positive().optional(),
    priority_id: z.number().int().positive().optional(),
    priority: z.enum(['1 low', '2 normal', '3 high', '4 top priority']).optional().openapi({
      description:
        "By name (EOSC: less urgent, urgent, very urgent, top priority); `priority_id` wins when both are given. A helpdesk without `4 top priority` (Zammad's standard three) gets `3 high`.",
    }),
    eosc_ticket_type: z.enum(['incident', 'service_request']).optional(),
    eosc_service: z.string().trim().min(1).max(100).optional().openapi({
      description:
        "A service key from GET /bff/services. Without group or group_id the helpdesk routes the ticket to that service's support group.",
    }),
    community: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/)
      .optional()
      .openapi({
        description:
          "Opened through a community's portal (/c/<slug>): `eosc_service` must be one of its services (else 422).",
      }),
  })
  .openapi('TicketCreate');

const TicketDetail = z
  .object({
    ticket: TicketSummarySchema,
    articles: z.array(ArticleSchema),
    tags: z.array(z.string()).openapi({ description: 'Agents only; empty for customers.' }),
    follow_up: z
      .object({
        possible: z.boolean().openapi({
          description:
            'Whether the person may reply to the ticket (a reply or a state change reopens a closed one). False for a closed ticket whose group does not take follow-ups (`follow_up_possible: new_ticket`, or its reopen window passed): open a new ticket instead. The helpdesk refuses such updates with 422.',
        }),
        reopenable: z.boolean().openapi({
          description:
            "Whether the ticket's group takes follow-ups on closed tickets at all (`yes`, or for some days after the close): tell the person before they close it.",
        }),
        closed_at: z.string().nullable().openapi({ description: 'When a closed ticket was last closed.' }),
        service: z.string().nullable().openapi({
          description:
            "The ticket's EOSC service key (`eosc_service`), to open a follow-up ticket about the same service.",
        }),
      })
      .openapi('TicketFollowUp'),
  })
  .openapi('TicketDetail');

const UpdateBody = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    state_id: z.number().int().positive().optional(),
    state: z.string().trim().min(1).max(255).optional().openapi({
      description:
        'By name (e.g. `closed`, `open`); `state_id` wins when both are given. Customers may choose open or closed states only.',
    }),
    priority_id: z.number().int().positive().optional(),
    group_id: z.number().int().positive().optional(),
    owner_id: z.number().int().positive().nullable().optional().openapi({ description: 'null: unassign.' }),
    pending_time: z.iso.datetime().optional().openapi({ description: 'Needed by pending states.' }),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Change at least one field.')
  .openapi('TicketUpdate');

const errors = recordErrorResponses('No such ticket');

const list = createRoute({
  ...endpoint('get', '/bff/tickets', signedIn),
  summary: 'Tickets the signed-in person can see, filtered, searched and paged',
  description: 'Most recently updated first. One upstream search (`full=true`): names are resolved.',
  request: { query: ListQuery },
  responses: { 200: reply('A page of tickets', ListReply), ...ticketErrorResponses },
});

const create = createRoute({
  ...endpoint('post', '/bff/tickets', 'Open a ticket with its first message', signedIn),
  request: { body: jsonBody(CreateBody), headers: IdempotencyHeader },
  responses: {
    201: reply('The new ticket', TicketSummarySchema),
    ...errors,
    ...IdempotencyInProgress,
  },
});

const show = createRoute({
  ...endpoint('get', '/bff/tickets/{id}', signedIn),
  summary: 'One ticket with the articles the person may see, names resolved',
  description:
    'One upstream call (`GET /tickets/:id?all=true`): ticket, visible articles, authors and tags (agents only).',
  request: { params: IdParam },
  responses: {
    200: reply('The ticket and its conversation', TicketDetail),
    ...errors,
  },
});

const update = createRoute({
  ...endpoint('patch', '/bff/tickets/{id}', 'Change state, priority, owner, group or title', signedIn),
  request: { params: IdParam, body: jsonBody(UpdateBody) },
  responses: {
    200: reply('The ticket as it is now', TicketSummarySchema),
    ...errors,
  },
});

/** Opens the ticket with its first message (and the person's uploads as attachments). */
async function createTicket(
  c: Context<BffEnv>,
  services: BffServices,
  input: z.infer<typeof CreateBody>,
): Promise<StoredReply> {
  const s = sessionOf(c);
  const owner = uploadOwner(helpdeskOf(c.get('deps')), s.uid);
  const attachments = await services.uploads.attachments(owner, input.attachments);
  const ref = await referenceFor(c, services);
  // EOSC's fourth priority is the desk's; Zammad's standard seed stops at 3 high.
  const priority =
    input.priority === '4 top priority' && !ref.priorities.some((p) => p.name === input.priority)
      ? '3 high'
      : input.priority;
  const created = await c.get('upstream').POST('/tickets', {
    params: { query: { expand: 'true' } },
    body: {
      title: input.title,
      // No group with a service: the helpdesk routes by the service's support group.
      ...(input.group_id
        ? { group_id: input.group_id }
        : input.group || !input.eosc_service
          ? { group: input.group ?? 'Users' }
          : {}),
      ...(input.priority_id ? { priority_id: input.priority_id } : priority ? { priority } : {}),
      ...(input.eosc_ticket_type ? { eosc_ticket_type: input.eosc_ticket_type } : {}),
      ...(input.eosc_service ? { eosc_service: input.eosc_service } : {}),
      article: {
        subject: input.title,
        body: input.body,
        type: 'web',
        content_type: input.content_type ?? 'text/plain',
        ...(attachments.length > 0 ? { attachments } : {}),
      },
    },
    expect: 'Ticket',
  });
  await services.uploads.release(owner, input.attachments);
  // The creator is known from the session, so no extra lookup for the common case (a customer
  // opening their own ticket); anyone else falls back to the expand login.
  const me: AnyUser = {
    id: s.uid,
    login: s.login,
    firstname: s.firstname,
    lastname: s.lastname,
    email: s.email,
    active: true,
  };
  const resolver = new Resolver(ref, { User: { [String(s.uid)]: me } });
  return { status: 201, body: resolver.ticket(created) };
}

/** After a timed-out create: the ticket it may have written after all. */
async function findCreated(c: Context<BffEnv>, services: BffServices, title: string, since: number) {
  const ref = await referenceFor(c, services);
  const found = await findOwnNewTicket(c.get('upstream'), ref, sessionOf(c).uid, title, since);
  return found && { status: 201 as const, body: found };
}

export function ticketRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => {
    const { page, per_page, scope, ...filter } = c.req.valid('query');
    const s = sessionOf(c);
    const ref = await referenceFor(c, services);
    const upstream = c.get('upstream');
    const scoped =
      s.is_agent || !scope
        ? {}
        : scope === 'mine'
          ? { customer: 'me' as const }
          : { organization: 'mine' as const };
    // One upstream search per page; whether the organization is shared is cached per person.
    const [found, shared_organization] = await Promise.all([
      searchTickets(upstream, ref, s.uid, { ...filter, ...scoped }, page, per_page),
      s.is_agent ? false : seesOrganizationTickets(c.get('deps'), services, s.uid, upstream),
    ]);
    return c.json(
      {
        items: found.items,
        page,
        per_page,
        has_more: page * per_page < found.total_count,
        total_count: found.total_count,
        shared_organization,
      },
      200,
    );
  });

  app.openapi(create, async (c) => {
    const input = c.req.valid('json');
    // Through a community's portal: only its services (the form offers no others).
    if (input.community)
      await assertCommunityService(
        upstreamFor(c.get('deps'), undefined),
        input.community,
        input.eosc_service,
      );
    const recover = (since: number) => findCreated(c, services, input.title, since);
    return (await once(c, services, input, () => createTicket(c, services, input), recover)) as never;
  });

  app.openapi(show, async (c) => {
    const { id } = c.req.valid('param');
    const upstream = c.get('upstream');
    const s = sessionOf(c);
    const ref = await referenceFor(c, services);
    const screen = await loadTicketScreen(upstream, ref, id);
    // Defence in depth: the upstream already hides internal notes from customers.
    const visible = screen.articles.filter((a) => s.is_agent || !a.internal);
    return c.json(
      {
        ticket: screen.ticket,
        articles: visible.map((a) => screen.resolver.article(a)),
        // Tags are agents' working notes: customers never get them.
        tags: s.is_agent ? screen.tags : [],
        // Agents with change access may always follow up (the upstream lets them).
        follow_up: s.is_agent ? { ...screen.followUp, possible: true } : screen.followUp,
      },
      200,
    );
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const upstream = c.get('upstream');
    const { owner_id, state, ...rest } = input;
    await upstream.PUT('/tickets/{id}', {
      params: { path: { id } },
      body: {
        ...rest,
        ...(state !== undefined && rest.state_id === undefined ? { state } : {}),
        ...(owner_id !== undefined ? { owner_id: owner_id ?? 1 } : {}),
      },
    });
    const { ticket } = await loadTicket(upstream, await referenceFor(c, services), id);
    return c.json(ticket, 200);
  });

  return app;
}
