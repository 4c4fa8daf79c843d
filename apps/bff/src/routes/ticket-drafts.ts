import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { agentsOnly } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';

/* A ticket's reply draft: the helpdesk's shared draft, so every agent on the ticket sees it. */

const errors = recordErrorResponses();

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
    // A union rather than .nullable(): the generator documented the extended ref as allOf, which
    // no null can satisfy (found by fuzzing: `{"draft": null}` broke the reply's own schema).
    draft: z.union([DraftSchema.extend({ updated_at: z.string().nullable() }), z.null()]),
  })
  .openapi('ReplyDraftReply');

const getDraft = createRoute({
  ...endpoint('get', '/bff/agent/tickets/{id}/draft', agentsOnly),
  summary: "The ticket's reply draft (the helpdesk's shared draft), or null",
  request: { params: IdParam },
  responses: { 200: reply('The draft', DraftReply), ...errors },
});

const putDraft = createRoute({
  ...endpoint('put', '/bff/agent/tickets/{id}/draft', "Save the ticket's reply draft", agentsOnly),
  request: { params: IdParam, body: jsonBody(DraftSchema) },
  responses: { 200: reply('The draft', DraftReply), ...errors },
});

const deleteDraft = createRoute({
  ...endpoint('delete', '/bff/agent/tickets/{id}/draft', "Drop the ticket's reply draft", agentsOnly),
  request: { params: IdParam },
  responses: { 204: { description: 'Dropped' }, ...errors },
});

/** The helpdesk's shared draft as the composer keeps it; fields it cannot read are left out. */
function draftFrom(d: Schemas['SharedDraftReply']) {
  if (d.shared_draft_id === null) return null;
  const rec = d.assets?.TicketSharedDraftZoom?.[String(d.shared_draft_id)];
  const art = rec?.new_article ?? {};
  const attrs = rec?.ticket_attributes ?? {};
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

export function ticketDraftRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(getDraft, async (c) => {
    const { id } = c.req.valid('param');
    const draft = await c
      .get('upstream')
      .GET('/tickets/{ticket_id}/shared_draft', { params: { path: { ticket_id: id } } });
    return c.json({ draft: draftFrom(draft) }, 200);
  });

  app.openapi(putDraft, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const saved = await c.get('upstream').PUT('/tickets/{ticket_id}/shared_draft', {
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
    });
    return c.json({ draft: draftFrom(saved) }, 200);
  });

  app.openapi(deleteDraft, async (c) => {
    const { id } = c.req.valid('param');
    await c
      .get('upstream')
      .DELETE('/tickets/{ticket_id}/shared_draft', { params: { path: { ticket_id: id } } });
    return c.body(null, 204);
  });

  return app;
}
