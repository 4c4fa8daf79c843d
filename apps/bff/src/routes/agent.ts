import { unwrap } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import {
  combinedCondition,
  filterConditions,
  OverviewDefinitions,
  OverviewFilterQuery,
  searchOrder,
} from '../lib/overview-filter.ts';
import { Resolver } from '../lib/resolve.ts';
import { loadTicket } from '../lib/ticket-queries.ts';
import { AssetsSchema, FullListSchema, parseUpstream, type UpTicket } from '../lib/upstream-shapes.ts';
import { requireAgent, requireSession } from '../middleware/session.ts';
import { IdParam, json, recordErrorResponses, TicketSummarySchema } from '../schemas.ts';
import { upstreamFor } from '../upstream.ts';
import { referenceFor } from './tickets.ts';

/** Zammad's standard "Agent" role id (users/search `role_ids[]=2`). */
const AGENT_ROLE_ID = 2;

const errors = recordErrorResponses();

const OverviewSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    link: z.string(),
    prio: z.number().int(),
    count: z.number().int(),
  })
  .openapi('Overview');

const SORTABLE = [
  'number',
  'title',
  'created_at',
  'updated_at',
  'state_id',
  'priority_id',
  'group_id',
  'owner_id',
  'customer_id',
] as const;

const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(100),
  sort_by: z.enum(SORTABLE).optional().openapi({ description: "Default: the overview's own order." }),
  order: z.enum(['asc', 'desc']).optional(),
});

const OverviewPageReply = z
  .object({
    overview: z.object({ id: z.number().int(), name: z.string(), link: z.string() }),
    items: z.array(TicketSummarySchema),
    page: z.number().int(),
    per_page: z.number().int(),
    total_count: z.number().int(),
  })
  .openapi('OverviewPage');

const BulkBody = z
  .object({
    ticket_ids: z.array(z.number().int().positive()).min(1).max(500),
    owner_id: z.number().int().positive().nullable().optional().openapi({ description: 'null: unassign.' }),
    state_id: z.number().int().positive().optional(),
    priority_id: z.number().int().positive().optional(),
    group_id: z.number().int().positive().optional(),
    add_tags: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  })
  .refine(
    (b) =>
      b.owner_id !== undefined ||
      b.state_id !== undefined ||
      b.priority_id !== undefined ||
      b.group_id !== undefined ||
      (b.add_tags?.length ?? 0) > 0,
    'Change at least one field.',
  )
  .openapi('BulkUpdate');

const BulkReply = z.object({ items: z.array(TicketSummarySchema) }).openapi('BulkResult');

const MergeBody = z.object({ target_number: z.string().trim().min(1).max(50) }).openapi('TicketMerge');

const DraftSchema = z
  .object({
    body: z.string().max(100_000),
    internal: z.boolean(),
    state_id: z.number().int().positive().nullable(),
    // The composer's other "after sending" choices; absent or null: keep.
    priority_id: z.number().int().positive().nullable().optional(),
    group_id: z.number().int().positive().nullable().optional(),
    owner: z
      .union([z.literal('unassigned'), z.number().int().positive()])
      .nullable()
      .optional()
      .openapi({ description: "An agent's id, or 'unassigned'; null: keep." }),
    pending_time: z.iso.datetime().nullable().optional(),
  })
  .openapi('ReplyDraft');
const DraftReply = z
  .object({
    draft: DraftSchema.extend({ updated_at: z.string().nullable() }).nullable(),
  })
  .openapi('ReplyDraftReply');

const TextModuleSchema = z
  .object({ id: z.number().int(), name: z.string(), keywords: z.string(), content: z.string() })
  .openapi('TextModule');
const AgentSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string(),
    group_ids: z
      .array(z.number().int())
      .optional()
      .openapi({ description: 'Groups the agent has full access to (may own tickets there).' }),
  })
  .openapi('AgentRef');

const overviews = createRoute({
  method: 'get',
  path: '/bff/agent/overviews',
  middleware: [requireSession, requireAgent] as const,
  summary: "The agent's overviews with their counts (one upstream call)",
  responses: {
    200: { description: 'Overviews', content: json(z.object({ items: z.array(OverviewSchema) })) },
    ...errors,
  },
});

const overviewPage = createRoute({
  method: 'get',
  path: '/bff/agent/overviews/{link}',
  middleware: [requireSession, requireAgent] as const,
  summary: "One page of an overview's tickets, sorted server-side, names resolved (one upstream call)",
  request: {
    params: z.object({
      link: z
        .string()
        .regex(/^[a-z0-9_]+$/)
        .openapi({ param: { name: 'link', in: 'path' } }),
    }),
    query: PageQuery.extend(OverviewFilterQuery.shape),
  },
  description:
    "With filters, one ticket search for the overview's condition AND the filters (at most 200 per page; `per_page` in the reply says how many).",
  responses: { 200: { description: 'A page', content: json(OverviewPageReply) }, ...errors },
});

const bulk = createRoute({
  method: 'post',
  path: '/bff/agent/tickets/bulk',
  middleware: [requireSession, requireAgent] as const,
  summary: 'Change owner, state, priority or group of several tickets at once (all or nothing); add tags',
  request: { body: { content: json(BulkBody), required: true } },
  responses: { 200: { description: 'The tickets as they are now', content: json(BulkReply) }, ...errors },
});

const merge = createRoute({
  method: 'post',
  path: '/bff/agent/tickets/{id}/merge',
  middleware: [requireSession, requireAgent] as const,
  summary: 'Merge this ticket into the ticket with the given number',
  request: { params: IdParam, body: { content: json(MergeBody), required: true } },
  responses: { 200: { description: 'The target ticket', content: json(TicketSummarySchema) }, ...errors },
});

const getDraft = createRoute({
  method: 'get',
  path: '/bff/agent/tickets/{id}/draft',
  middleware: [requireSession, requireAgent] as const,
  summary: "The ticket's reply draft (the helpdesk's shared draft), or null",
  request: { params: IdParam },
  responses: { 200: { description: 'The draft', content: json(DraftReply) }, ...errors },
});

const putDraft = createRoute({
  method: 'put',
  path: '/bff/agent/tickets/{id}/draft',
  middleware: [requireSession, requireAgent] as const,
  summary: "Save the ticket's reply draft",
  request: { params: IdParam, body: { content: json(DraftSchema), required: true } },
  responses: { 200: { description: 'The draft', content: json(DraftReply) }, ...errors },
});

const deleteDraft = createRoute({
  method: 'delete',
  path: '/bff/agent/tickets/{id}/draft',
  middleware: [requireSession, requireAgent] as const,
  summary: "Drop the ticket's reply draft",
  request: { params: IdParam },
  responses: { 204: { description: 'Dropped' }, ...errors },
});

const textModules = createRoute({
  method: 'get',
  path: '/bff/agent/text-modules',
  middleware: [requireSession, requireAgent] as const,
  summary: 'Text modules the agent may use (inserted with `::` in the composer)',
  responses: {
    200: { description: 'Text modules', content: json(z.object({ items: z.array(TextModuleSchema) })) },
    ...errors,
  },
});

const agents = createRoute({
  method: 'get',
  path: '/bff/agent/agents',
  middleware: [requireSession, requireAgent] as const,
  summary: 'Agents, for assignment',
  request: { query: z.object({ q: z.string().trim().max(100).optional() }) },
  responses: {
    200: { description: 'Agents', content: json(z.object({ items: z.array(AgentSchema) })) },
    ...errors,
  },
});

const UpOverviewList = z.array(
  z.looseObject({
    id: z.number().int(),
    name: z.string(),
    link: z.string(),
    prio: z.number().int().nullish(),
    count: z.number().int(),
  }),
);
const UpOverviewPage = z.looseObject({
  assets: AssetsSchema,
  index: z.looseObject({
    overview: z.looseObject({ id: z.number().int(), name: z.string(), view: z.string() }).optional(),
    tickets: z.array(z.looseObject({ id: z.number().int() })).optional(),
    count: z.number().int().optional(),
  }),
});
const UpDraft = z.looseObject({
  shared_draft_id: z.number().int().nullable(),
  assets: z
    .looseObject({
      TicketSharedDraftZoom: z
        .record(
          z.string(),
          z.looseObject({
            new_article: z.looseObject({}).nullish(),
            ticket_attributes: z.looseObject({}).nullish(),
            updated_at: z.string().nullish(),
          }),
        )
        .optional(),
    })
    .nullish(),
});
const UpTextModules = z.array(
  z.looseObject({
    id: z.number().int(),
    name: z.string(),
    keywords: z.string().nullish(),
    content: z.string(),
    active: z.boolean().nullish(),
  }),
);
const UpUsers = z.array(
  z.looseObject({
    id: z.number().int(),
    login: z.string().nullish(),
    firstname: z.string().nullish(),
    lastname: z.string().nullish(),
    email: z.string().nullish(),
    active: z.boolean().nullish(),
    group_ids: z.record(z.string(), z.array(z.string())).nullish(),
  }),
);

function draftFrom(raw: unknown) {
  const d = parseUpstream(UpDraft, raw);
  if (d.shared_draft_id === null) return null;
  const rec = d.assets?.TicketSharedDraftZoom?.[String(d.shared_draft_id)];
  const art = (rec?.new_article ?? {}) as Record<string, unknown>;
  const attrs = (rec?.ticket_attributes ?? {}) as Record<string, unknown>;
  const idOf = (v: unknown) => {
    const n = Number(v);
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  };
  const ownerId = idOf(attrs.owner_id);
  const pending = typeof attrs.pending_time === 'string' ? new Date(attrs.pending_time) : null;
  return {
    body: typeof art.body === 'string' ? art.body : '',
    internal: art.internal === true,
    state_id: idOf(attrs.state_id),
    priority_id: idOf(attrs.priority_id),
    group_id: idOf(attrs.group_id),
    // Zammad's owner 1 (the system user) means unassigned.
    owner: ownerId === 1 ? ('unassigned' as const) : ownerId,
    pending_time: pending && !Number.isNaN(pending.getTime()) ? pending.toISOString() : null,
    updated_at: rec?.updated_at ?? null,
  };
}

export function agentRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();
  const definitions = new OverviewDefinitions();

  app.openapi(overviews, async (c) => {
    const raw = unwrap(await c.get('upstream').GET('/ticket_overviews', {}));
    const list = parseUpstream(UpOverviewList, raw);
    return c.json(
      {
        items: list
          .map((o) => ({ id: o.id, name: o.name, link: o.link, prio: o.prio ?? 0, count: o.count }))
          .sort((a, b) => a.prio - b.prio),
      },
      200,
    );
  });

  app.openapi(overviewPage, async (c) => {
    const { link } = c.req.valid('param');
    const { page, per_page, sort_by, order, ...filters } = c.req.valid('query');
    const conditions = filterConditions(filters);
    if (conditions.length > 0) {
      const upstream = c.get('upstream');
      const perPage = Math.min(per_page, 200);
      // The person's own view of the overview (404 when it is not theirs) and its definition,
      // read with the service token, since agents cannot read overview conditions.
      const [ref, own, def] = await Promise.all([
        referenceFor(c, services),
        upstream
          .GET('/ticket_overviews', { params: { query: { view: link, page: 1, per_page: 1 } } })
          .then(unwrap),
        definitions.get(upstreamFor(c.get('deps'), undefined), link),
      ]);
      const ov = parseUpstream(UpOverviewPage, own).index.overview;
      if (!ov) throw new BffError(404, 'not_found', 'No such overview.');
      const raw = unwrap(
        await upstream.POST('/tickets/search', {
          body: {
            query: '*',
            // The document types `condition` as a free object; ours is a selector.
            condition: combinedCondition(def.condition ?? {}, conditions) as unknown as Record<string, never>,
            ...searchOrder(def, sort_by, order),
            page,
            per_page: perPage,
            full: true,
          },
        }),
      );
      const list = parseUpstream(FullListSchema, raw);
      const resolver = new Resolver(ref, list.assets);
      const items = list.record_ids
        .map((id) => list.assets.Ticket?.[String(id)])
        .filter((t): t is UpTicket => t !== undefined)
        .map((t) => resolver.ticket(t));
      return c.json(
        {
          overview: { id: ov.id, name: ov.name, link: ov.view },
          items,
          page,
          per_page: perPage,
          total_count: list.total_count ?? items.length,
        },
        200,
      );
    }
    const [ref, raw] = await Promise.all([
      referenceFor(c, services),
      c
        .get('upstream')
        .GET('/ticket_overviews', {
          params: {
            query: {
              view: link,
              page,
              per_page,
              ...(sort_by ? { order_by: sort_by } : {}),
              ...(order ? { order_direction: order.toUpperCase() } : {}),
            },
          },
        })
        .then(unwrap),
    ]);
    const res = parseUpstream(UpOverviewPage, raw);
    const ov = res.index.overview;
    if (!ov) throw new BffError(404, 'not_found', 'No such overview.');
    const resolver = new Resolver(ref, res.assets);
    const items = (res.index.tickets ?? [])
      .map((t) => res.assets.Ticket?.[String(t.id)])
      .filter((t): t is UpTicket => t !== undefined)
      .map((t) => resolver.ticket(t));
    return c.json(
      {
        overview: { id: ov.id, name: ov.name, link: ov.view },
        items,
        page,
        per_page,
        total_count: res.index.count ?? items.length,
      },
      200,
    );
  });

  app.openapi(bulk, async (c) => {
    const { ticket_ids, add_tags, owner_id, ...rest } = c.req.valid('json');
    const upstream = c.get('upstream');
    const attributes: Record<string, number> = {};
    for (const [k, v] of Object.entries(rest)) if (typeof v === 'number') attributes[k] = v;
    // Zammad's owner 1 (the system user) means unassigned.
    if (owner_id !== undefined) attributes.owner_id = owner_id ?? 1;
    if (Object.keys(attributes).length > 0) {
      const res = await upstream.POST('/tickets/mass_update', { body: { ticket_ids, attributes } });
      if (res.response.status === 422) {
        const body = res.error as { ticket_id?: number; error_human?: string } | undefined;
        throw new BffError(
          422,
          'invalid',
          `Ticket ${body?.ticket_id ?? '?'} could not be changed${body?.error_human ? `: ${body.error_human}` : ''}; nothing was changed.`,
        );
      }
      unwrap(res);
    }
    for (const tag of add_tags ?? [])
      await Promise.all(
        ticket_ids.map(async (id) =>
          unwrap(await upstream.POST('/tags/add', { body: { object: 'Ticket', o_id: id, item: tag } })),
        ),
      );
    const ref = await referenceFor(c, services);
    const items = await Promise.all(
      ticket_ids.map(async (id) => (await loadTicket(upstream, ref, id)).ticket),
    );
    return c.json({ items }, 200);
  });

  app.openapi(merge, async (c) => {
    const { id } = c.req.valid('param');
    const { target_number } = c.req.valid('json');
    const upstream = c.get('upstream');
    const raw = unwrap(
      await upstream.PUT('/ticket_merge/{source_ticket_id}/{target_ticket_number}', {
        params: { path: { source_ticket_id: id, target_ticket_number: target_number } },
      }),
    ) as { result?: string; message?: string; target_ticket?: { id?: number } };
    if (raw.result !== 'success' || typeof raw.target_ticket?.id !== 'number')
      throw new BffError(422, 'invalid', raw.message ?? 'The tickets could not be merged.');
    const { ticket } = await loadTicket(upstream, await referenceFor(c, services), raw.target_ticket.id);
    return c.json(ticket, 200);
  });

  app.openapi(getDraft, async (c) => {
    const { id } = c.req.valid('param');
    const raw = unwrap(
      await c
        .get('upstream')
        .GET('/tickets/{ticket_id}/shared_draft', { params: { path: { ticket_id: id } } }),
    );
    return c.json({ draft: draftFrom(raw) }, 200);
  });

  app.openapi(putDraft, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const raw = unwrap(
      await c.get('upstream').PUT('/tickets/{ticket_id}/shared_draft', {
        params: { path: { ticket_id: id } },
        body: {
          new_article: { body: input.body, internal: input.internal, content_type: 'text/plain' },
          ticket_attributes: {
            ...(input.state_id ? { state_id: input.state_id } : {}),
            ...(input.priority_id ? { priority_id: input.priority_id } : {}),
            ...(input.group_id ? { group_id: input.group_id } : {}),
            ...(input.owner ? { owner_id: input.owner === 'unassigned' ? 1 : input.owner } : {}),
            ...(input.pending_time ? { pending_time: input.pending_time } : {}),
          },
        },
      }),
    );
    return c.json({ draft: draftFrom(raw) }, 200);
  });

  app.openapi(deleteDraft, async (c) => {
    const { id } = c.req.valid('param');
    unwrap(
      await c
        .get('upstream')
        .DELETE('/tickets/{ticket_id}/shared_draft', { params: { path: { ticket_id: id } } }),
    );
    return c.body(null, 204);
  });

  app.openapi(textModules, async (c) => {
    const raw = unwrap(
      await c.get('upstream').GET('/text_modules', { params: { query: { per_page: 500 } } }),
    );
    const list = parseUpstream(UpTextModules, raw);
    return c.json(
      {
        items: list
          .filter((m) => m.active !== false)
          .map((m) => ({ id: m.id, name: m.name, keywords: m.keywords ?? '', content: m.content })),
      },
      200,
    );
  });

  app.openapi(agents, async (c) => {
    const { q } = c.req.valid('query');
    const raw = unwrap(
      await c.get('upstream').GET('/users/search', {
        params: {
          query: { query: q || '*', role_ids: String(AGENT_ROLE_ID), limit: 100 },
        },
      }),
    );
    const list = parseUpstream(UpUsers, raw);
    return c.json(
      {
        items: list
          .filter((u) => u.active !== false && u.id !== 1)
          .map((u) => ({
            id: u.id,
            name: `${u.firstname ?? ''} ${u.lastname ?? ''}`.trim() || u.email || u.login || `#${u.id}`,
            email: u.email ?? '',
            group_ids: Object.entries(u.group_ids ?? {})
              .filter(([, access]) => access.includes('full'))
              .map(([gid]) => Number(gid)),
          })),
      },
      200,
    );
  });

  return app;
}
