import { unwrap } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffEnv, BffServices } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import type { Recover, StoredReply } from '../lib/idempotency.ts';
import type { ReferenceData } from '../lib/reference.ts';
import { Resolver } from '../lib/resolve.ts';
import type { SessionData } from '../lib/session-cookie.ts';
import { seesOrganizationTickets } from '../lib/shared-organization.ts';
import {
  findOwnNewArticle,
  findOwnNewTicket,
  loadTags,
  loadTicket,
  loadTicketScreen,
  searchTickets,
} from '../lib/ticket-queries.ts';
import { MessageAttachments, MessageContentType, uploadOwner } from '../lib/uploads.ts';
import { parseUpstream, UpArticleSchema, UpTicketSchema } from '../lib/upstream-shapes.ts';
import { requireSession } from '../middleware/session.ts';
import {
  ArticleSchema,
  IdParam,
  json,
  recordErrorResponses,
  TicketSummarySchema,
  ticketErrorResponses,
} from '../schemas.ts';

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
    priority: z.enum(['1 low', '2 normal', '3 high']).optional().openapi({
      description: 'By name; `priority_id` wins when both are given.',
    }),
    eosc_ticket_type: z.enum(['incident', 'service_request']).optional(),
    eosc_service: z.string().trim().min(1).max(100).optional().openapi({
      description:
        "A service key from GET /bff/services. Without group or group_id the helpdesk routes the ticket to that service's support group.",
    }),
  })
  .openapi('TicketCreate');

const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'Use printable ASCII without spaces.')
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description:
        'A unique key per submit (e.g. a UUID), per person. A retry with the same key replays the first ' +
        'reply (header Idempotent-Replayed: true) instead of writing twice; a duplicate sent while the first ' +
        'is still running waits for it. After a 504 the key is kept "in doubt" and the retry first looks ' +
        'upstream for what the timed-out attempt wrote. The same key with another body: 422. Remembered ' +
        '24 h in the memory of one BFF process: with several processes, route a person to one (sticky).',
    }),
});

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

const ReplyBody = z
  .object({
    body: z.string().trim().min(1, 'Write a message.').max(100_000),
    content_type: MessageContentType,
    attachments: MessageAttachments,
    internal: z.boolean().default(false).openapi({ description: 'Agents only: an internal note.' }),
    // Agents: ticket changes made by the same submit, saved with the article in one upstream
    // update, so either both land or neither does.
    state_id: z
      .number()
      .int()
      .positive()
      .optional()
      .openapi({ description: 'Agents: the state after sending.' }),
    priority_id: z.number().int().positive().optional().openapi({ description: 'Agents.' }),
    group_id: z.number().int().positive().optional().openapi({ description: 'Agents.' }),
    owner_id: z
      .number()
      .int()
      .positive()
      .nullable()
      .optional()
      .openapi({ description: 'Agents; null: unassign.' }),
    pending_time: z.iso.datetime().optional().openapi({ description: 'Required with a pending state.' }),
  })
  .openapi('TicketReply');

const TagBody = z.object({ name: z.string().trim().min(1).max(100) }).openapi('TagAdd');
const TagQuery = z.object({ name: z.string().trim().min(1).max(100) });
const TagsReply = z.object({ tags: z.array(z.string()) }).openapi('TicketTags');

const errors = recordErrorResponses('No such ticket');

const list = createRoute({
  method: 'get',
  path: '/bff/tickets',
  summary: 'Tickets the signed-in person can see, filtered, searched and paged',
  description: 'Most recently updated first. One upstream search (`full=true`): names are resolved.',
  middleware: [requireSession] as const,
  request: { query: ListQuery },
  responses: { 200: { description: 'A page of tickets', content: json(ListReply) }, ...ticketErrorResponses },
});

const create = createRoute({
  method: 'post',
  path: '/bff/tickets',
  summary: 'Open a ticket with its first message',
  middleware: [requireSession] as const,
  request: { body: { content: json(CreateBody), required: true }, headers: IdempotencyHeader },
  responses: {
    201: { description: 'The new ticket', content: json(TicketSummarySchema) },
    ...errors,
  },
});

const show = createRoute({
  method: 'get',
  path: '/bff/tickets/{id}',
  summary: 'One ticket with the articles the person may see, names resolved',
  description:
    'One upstream call (`GET /tickets/:id?all=true`): ticket, visible articles, authors and tags (agents only).',
  middleware: [requireSession] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The ticket and its conversation', content: json(TicketDetail) },
    ...errors,
  },
});

const update = createRoute({
  method: 'patch',
  path: '/bff/tickets/{id}',
  summary: 'Change state, priority, owner, group or title',
  middleware: [requireSession] as const,
  request: { params: IdParam, body: { content: json(UpdateBody), required: true } },
  responses: {
    200: { description: 'The ticket as it is now', content: json(TicketSummarySchema) },
    ...errors,
  },
});

const reply = createRoute({
  method: 'post',
  path: '/bff/tickets/{id}/articles',
  summary: 'Reply to a ticket (agents may add internal notes)',
  description:
    'Agents may change state, priority, group and owner in the same submit: one upstream update with the article, all or nothing.',
  middleware: [requireSession] as const,
  request: {
    params: IdParam,
    body: { content: json(ReplyBody), required: true },
    headers: IdempotencyHeader,
  },
  responses: { 201: { description: 'The new article', content: json(ArticleSchema) }, ...errors },
});

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

function session(c: Context<BffEnv>): SessionData {
  return c.get('session') as SessionData;
}

export function referenceFor(c: Context<BffEnv>, services: BffServices): Promise<ReferenceData> {
  const s = session(c);
  return services.reference.get(c.get('deps').zammadUrl, s.login, c.get('upstream'));
}

/** Runs a write once per Idempotency-Key (when given), replaying the first reply on retries. */
async function once(
  c: Context<BffEnv>,
  services: BffServices,
  key: string | undefined,
  input: unknown,
  work: () => Promise<StoredReply>,
  recover: Recover,
): Promise<Response> {
  if (!key) {
    const r = await work();
    return c.json(r.body as object, r.status);
  }
  const scope = `${c.get('deps').zammadUrl}\n${session(c).uid}\n${c.req.method} ${c.req.path}\n${key}`;
  const r = await services.idempotency.run(scope, JSON.stringify(input), work, recover);
  if (r.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(r.body as object, r.status);
}

type ReplyInput = z.infer<typeof ReplyBody>;

const UpMe = z.looseObject({ group_ids: z.record(z.string(), z.array(z.string())).nullish() });

function noGroupAccess(ref: ReferenceData, groupId: number): BffError {
  const group = ref.groups.find((g) => g.id === groupId)?.name ?? `#${groupId}`;
  return new BffError(
    403,
    'forbidden',
    `You have no access to the group "${group}", so you cannot move the ticket there; nothing was saved (neither the message nor the changes).`,
  );
}

/**
 * An agent's article plus ticket changes in ONE upstream `PUT /tickets/{id}` with `article`: the
 * helpdesk saves both in one transaction, so a refused change (a group the agent may not move the
 * ticket to, a state that needs a time) leaves neither the article nor any field saved.
 */
async function replyWithChanges(
  c: Context<BffEnv>,
  services: BffServices,
  id: number,
  input: ReplyInput,
  owner: string,
): Promise<StoredReply> {
  const s = session(c);
  const upstream = c.get('upstream');
  const ref = await referenceFor(c, services);
  const { state_id, priority_id, group_id, owner_id, pending_time } = input;
  if (state_id !== undefined) {
    const state = ref.states.find((st) => st.id === state_id);
    if (!state) throw new BffError(422, 'invalid', `There is no state ${state_id}.`);
    if (state.state_type.startsWith('pending') && !pending_time)
      throw new BffError(422, 'invalid', `The state "${state.name}" needs a pending time.`);
  }
  // The helpdesk lets an agent move a ticket into any group (and then hides it from them), so
  // the move is checked here first: into the agent's own groups only, before anything is written.
  if (group_id !== undefined) {
    const me = parseUpstream(UpMe, unwrap(await upstream.GET('/users/me', {})));
    const access = me.group_ids?.[String(group_id)] ?? [];
    if (!access.some((a) => a === 'full' || a === 'change')) throw noGroupAccess(ref, group_id);
  }
  const attachments = services.uploads.attachments(owner, input.attachments);
  const started = Date.now();
  const res = await upstream.PUT('/tickets/{id}', {
    params: { path: { id } },
    body: {
      ...(state_id !== undefined ? { state_id } : {}),
      ...(priority_id !== undefined ? { priority_id } : {}),
      ...(group_id !== undefined ? { group_id } : {}),
      // Zammad's owner 1 (the system user) means unassigned.
      ...(owner_id !== undefined ? { owner_id: owner_id ?? 1 } : {}),
      ...(pending_time !== undefined ? { pending_time } : {}),
      article: {
        body: input.body,
        content_type: input.content_type ?? 'text/plain',
        type: 'note',
        internal: input.internal,
        ...(attachments.length > 0 ? { attachments } : {}),
      },
    },
  });
  if (res.response.status === 403 && group_id !== undefined) throw noGroupAccess(ref, group_id);
  unwrap(res);
  services.uploads.release(owner, input.attachments);
  const found = await findOwnNewArticle(upstream, id, s.uid, input.body, started);
  if (!found) throw new BffError(502, 'upstream', 'The message was saved but could not be read back.');
  const author = { id: s.uid, name: `${s.firstname} ${s.lastname}`.trim() || s.login };
  return { status: 201, body: { ...new Resolver(ref).article(found), author } };
}

export function ticketRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => {
    const { page, per_page, scope, ...filter } = c.req.valid('query');
    const s = session(c);
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
    const key = c.req.valid('header')['idempotency-key'];
    const res = await once(
      c,
      services,
      key,
      input,
      async () => {
        const upstream = c.get('upstream');
        const owner = uploadOwner(c.get('deps').zammadUrl, session(c).uid);
        const attachments = services.uploads.attachments(owner, input.attachments);
        const [ref, created] = await Promise.all([
          referenceFor(c, services),
          upstream
            .POST('/tickets', {
              params: { query: { expand: 'true' } },
              body: {
                title: input.title,
                // No group with a service: the helpdesk routes by the service's support group.
                ...(input.group_id
                  ? { group_id: input.group_id }
                  : input.group || !input.eosc_service
                    ? { group: input.group ?? 'Users' }
                    : {}),
                ...(input.priority_id
                  ? { priority_id: input.priority_id }
                  : input.priority
                    ? { priority: input.priority }
                    : {}),
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
            })
            .then(unwrap),
        ]);
        services.uploads.release(owner, input.attachments);
        const ticket = parseUpstream(UpTicketSchema, created);
        // The creator is known from the session, so no extra lookup for the common case (a
        // customer opening their own ticket); anyone else falls back to the expand login.
        const s = session(c);
        const me = {
          id: s.uid,
          login: s.login,
          firstname: s.firstname,
          lastname: s.lastname,
          email: s.email,
        };
        return { status: 201, body: new Resolver(ref, { User: { [String(s.uid)]: me } }).ticket(ticket) };
      },
      async (since) => {
        const ref = await referenceFor(c, services);
        const found = await findOwnNewTicket(c.get('upstream'), ref, session(c).uid, input.title, since);
        return found && { status: 201, body: found };
      },
    );
    return res as never;
  });

  app.openapi(show, async (c) => {
    const { id } = c.req.valid('param');
    const upstream = c.get('upstream');
    const s = session(c);
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
    unwrap(
      await upstream.PUT('/tickets/{id}', {
        params: { path: { id } },
        body: {
          ...rest,
          ...(state !== undefined && rest.state_id === undefined ? { state } : {}),
          ...(owner_id !== undefined ? { owner_id: owner_id ?? 1 } : {}),
        },
      }),
    );
    const { ticket } = await loadTicket(upstream, await referenceFor(c, services), id);
    return c.json(ticket, 200);
  });

  app.openapi(reply, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const key = c.req.valid('header')['idempotency-key'];
    const s = session(c);
    const res = await once(
      c,
      services,
      key,
      input,
      async () => {
        const upstream = c.get('upstream');
        const owner = uploadOwner(c.get('deps').zammadUrl, s.uid);
        const { state_id, priority_id, group_id, owner_id, pending_time } = input;
        const fields = { state_id, priority_id, group_id, owner_id, pending_time };
        if (Object.values(fields).some((v) => v !== undefined)) {
          if (!s.is_agent) throw new BffError(403, 'forbidden', 'Only agents change a ticket with a reply.');
          return replyWithChanges(c, services, id, input, owner);
        }
        const attachments = services.uploads.attachments(owner, input.attachments);
        if (!s.is_agent) {
          // A customer's reply reopens a closed ticket (when the group takes follow-ups; the
          // helpdesk refuses with 422 otherwise): one update carrying the article and the state.
          const current = parseUpstream(
            UpTicketSchema,
            unwrap(await upstream.GET('/tickets/{id}', { params: { path: { id } } })),
          );
          const ref = await referenceFor(c, services);
          const type = ref.states.find((st) => st.id === current.state_id)?.state_type;
          if (type === 'closed') {
            const started = Date.now();
            unwrap(
              await upstream.PUT('/tickets/{id}', {
                params: { path: { id } },
                body: {
                  state: 'open',
                  article: {
                    body: input.body,
                    content_type: input.content_type ?? 'text/plain',
                    type: 'web',
                    internal: false,
                    ...(attachments.length > 0 ? { attachments } : {}),
                  },
                },
              }),
            );
            services.uploads.release(owner, input.attachments);
            const found = await findOwnNewArticle(upstream, id, s.uid, input.body, started);
            if (!found)
              throw new BffError(502, 'upstream', 'The message was saved but could not be read back.');
            const author = { id: s.uid, name: `${s.firstname} ${s.lastname}`.trim() || s.login };
            return { status: 201, body: { ...new Resolver(ref).article(found), author } };
          }
        }
        const created = unwrap(
          await upstream.POST('/ticket_articles', {
            body: {
              ticket_id: id,
              body: input.body,
              content_type: input.content_type ?? 'text/plain',
              ...(attachments.length > 0 ? { attachments } : {}),
              // Agents write notes (public unless internal); customers write web messages.
              type: s.is_agent ? 'note' : 'web',
              internal: s.is_agent ? input.internal : false,
            },
          }),
        );
        services.uploads.release(owner, input.attachments);
        const article = parseUpstream(UpArticleSchema, created);
        const ref = await referenceFor(c, services);
        const author = { id: s.uid, name: `${s.firstname} ${s.lastname}`.trim() || s.login };
        return { status: 201, body: { ...new Resolver(ref).article(article), author } };
      },
      async (since) => {
        const found = await findOwnNewArticle(c.get('upstream'), id, s.uid, input.body, since);
        if (!found) return undefined;
        const ref = await referenceFor(c, services);
        const author = { id: s.uid, name: `${s.firstname} ${s.lastname}`.trim() || s.login };
        return { status: 201, body: { ...new Resolver(ref).article(found), author } };
      },
    );
    return res as never;
  });

  app.openapi(addTag, async (c) => {
    const { id } = c.req.valid('param');
    const { name } = c.req.valid('json');
    const upstream = c.get('upstream');
    unwrap(await upstream.POST('/tags/add', { body: { object: 'Ticket', o_id: id, item: name } }));
    return c.json({ tags: await loadTags(upstream, id) }, 200);
  });

  app.openapi(removeTag, async (c) => {
    const { id } = c.req.valid('param');
    const { name } = c.req.valid('query');
    const upstream = c.get('upstream');
    unwrap(await upstream.DELETE('/tags/remove', { body: { object: 'Ticket', o_id: id, item: name } }));
    return c.json({ tags: await loadTags(upstream, id) }, 200);
  });

  return app;
}
