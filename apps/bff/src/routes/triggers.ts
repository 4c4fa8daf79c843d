import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { requirePermission } from '../lib/permissions.ts';
import { CLOSED_TYPES } from '../lib/reference.ts';
import { referenceFor } from '../lib/request.ts';
import { searchFull, ticketsOf } from '../lib/ticket-queries.ts';
import { requireSession } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';
import { ConditionLeaf, ConditionSchema } from '../schemas.ts';

/*
 * Triggers (Zammad's): a condition, checked on every ticket create and update, and actions. The
 * page edits the actions it knows (set state, priority, group, owner; tags; an e-mail; a webhook);
 * `admin.trigger`, checked here and by the helpdesk. The preview lists the open tickets whose
 * attributes match now (the trigger-only parts of a condition cannot be previewed).
 */

const errors = recordErrorResponses('No such trigger');
const mw = [requireSession, requirePermission('admin.trigger')];

const Id = z.string().regex(/^\d+$/, 'an id');
const RECIPIENT = /^(ticket_customer|ticket_owner|ticket_agents|article_last_sender|userid_\d+)$/;

const PerformSchema = z
  .object({
    'ticket.state_id': z.object({ value: Id }).optional(),
    'ticket.priority_id': z.object({ value: Id }).optional(),
    'ticket.group_id': z.object({ value: Id }).optional(),
    'ticket.owner_id': z
      .object({
        value: Id.optional(),
        pre_condition: z.enum(['specific', 'current_user.id', 'not_set']).optional(),
      })
      .optional(),
    'ticket.tags': z
      .object({
        operator: z.enum(['add', 'remove']),
        value: z.string().trim().min(1, 'Name a tag.').max(500),
      })
      .optional(),
    'notification.email': z
      .object({
        recipient: z.array(z.string().regex(RECIPIENT, 'a known recipient')).min(1, 'Choose a recipient.'),
        subject: z.string().trim().min(1, 'The e-mail needs a subject.').max(500),
        body: z.string().trim().min(1, 'The e-mail needs a text.').max(50_000),
        internal: z.boolean().optional(),
        preference_key: z.enum(['reply', 'state']).optional(),
      })
      .optional(),
    'notification.webhook': z.object({ webhook_id: z.number().int().positive() }).optional(),
  })
  .openapi('TriggerPerform', {
    description:
      "Zammad's actions: attribute values are ids as strings; tags comma-separated; the e-mail's subject and body take `#{ticket.title}` placeholders.",
  });

const TriggerSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    active: z.boolean(),
    note: z.string().nullable(),
    execution_condition_mode: z.enum(['selective', 'always']),
    condition: ConditionSchema,
    perform: PerformSchema,
    /** Actions the page does not edit: kept by the helpdesk when the page saves. */
    other_actions: z.array(z.string()),
    updated_at: z.string(),
  })
  .openapi('AdminTrigger');

const TriggerInput = z
  .object({
    name: z.string().trim().min(1, 'Give the trigger a name.').max(250),
    active: z.boolean().optional(),
    note: z.string().trim().max(5000).nullable().optional(),
    execution_condition_mode: z.enum(['selective', 'always']).optional(),
    condition: ConditionSchema,
    perform: PerformSchema.refine((p) => Object.values(p).some(Boolean), 'Choose at least one action.'),
  })
  .openapi('AdminTriggerInput');

const PreviewInput = z.object({ condition: ConditionSchema }).openapi('TriggerPreviewInput');
const PreviewSchema = z
  .object({
    total: z.number().int(),
    tickets: z.array(z.object({ id: z.number().int(), number: z.string(), title: z.string() })),
    ignored: z.array(z.string()).openapi({ description: 'Condition attributes left out of the preview.' }),
  })
  .openapi('TriggerPreview');

const list = createRoute({
  ...endpoint(
    'get',
    '/bff/agent/admin/triggers',
    'Triggers, by name (the order they run in; admin.trigger)',
    mw,
  ),
  responses: { 200: reply('Triggers', z.object({ items: z.array(TriggerSchema) })), ...errors },
});
const create = createRoute({
  ...endpoint('post', '/bff/agent/admin/triggers', 'Create a trigger (admin.trigger)', mw),
  request: { body: jsonBody(TriggerInput) },
  responses: { 201: reply('Created', TriggerSchema), ...errors },
});
const update = createRoute({
  ...endpoint('put', '/bff/agent/admin/triggers/{id}', 'Change a trigger (admin.trigger)', mw),
  request: { params: IdParam, body: jsonBody(TriggerInput) },
  responses: { 200: reply('Changed', TriggerSchema), ...errors },
});
const remove = createRoute({
  ...endpoint('delete', '/bff/agent/admin/triggers/{id}', 'Delete a trigger (admin.trigger)', mw),
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors },
});
const preview = createRoute({
  ...endpoint('post', '/bff/agent/admin/triggers/preview', mw),
  summary:
    'Open tickets whose attributes match a condition now, the first 10 (admin.trigger); `ticket.action`, `article.*` and `has changed` belong to a change and are left out',
  request: { body: jsonBody(PreviewInput) },
  responses: { 200: reply('Matching open tickets', PreviewSchema), ...errors },
});

const PERFORM_KEYS = Object.keys(PerformSchema.shape);
const first = (v: unknown) => String(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** The upstream perform as the page edits it: known actions normalised, unknown ones named. */
function performOf(raw: Record<string, unknown>): {
  perform: z.infer<typeof PerformSchema>;
  other: string[];
} {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(raw)) {
    const s = (v ?? {}) as Record<string, unknown>;
    if (key.startsWith('ticket.') && key.endsWith('_id') && key !== 'ticket.owner_id')
      out[key] = { value: first(s.value) };
    else if (key === 'ticket.owner_id')
      out[key] = {
        ...(s.value ? { value: first(s.value) } : {}),
        ...(s.pre_condition ? { pre_condition: s.pre_condition } : {}),
      };
    else if (key === 'ticket.tags')
      out[key] = {
        operator: s.operator,
        value: Array.isArray(s.value) ? s.value.join(', ') : String(s.value ?? ''),
      };
    else if (key === 'notification.email')
      out[key] = {
        ...s,
        recipient: (Array.isArray(s.recipient) ? s.recipient : [s.recipient]).filter(Boolean).map(String),
      };
    else if (key === 'notification.webhook') out[key] = { webhook_id: Number(s.webhook_id) };
  }
  const parsed = PerformSchema.safeParse(out);
  return {
    perform: parsed.success ? parsed.data : {},
    other: Object.keys(raw).filter((k) => !PERFORM_KEYS.includes(k) || !parsed.success),
  };
}

function shape(t: Schemas['Trigger']): z.infer<typeof TriggerSchema> {
  const condition: z.infer<typeof ConditionSchema> = {};
  for (const [k, v] of Object.entries(t.condition ?? {})) {
    const leaf = ConditionLeaf.safeParse(v);
    if (leaf.success && /^[a-z_]+\.[a-z_]+$/.test(k)) condition[k] = leaf.data;
  }
  const { perform, other } = performOf(t.perform ?? {});
  return {
    id: t.id,
    name: t.name,
    active: t.active,
    note: t.note ?? null,
    execution_condition_mode: t.execution_condition_mode,
    condition,
    perform,
    other_actions: other,
    updated_at: t.updated_at ?? '',
  };
}

/** Leaves only a change has: left out of the preview. */
const changeOnly = (name: string, leaf: { operator: string }) =>
  name === 'ticket.action' || name.startsWith('article.') || leaf.operator === 'has changed';

export function triggerRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => {
    const all = await c
      .get('upstream')
      .GET('/triggers', { params: { query: { per_page: 500 } }, expect: 'list' });
    return c.json({ items: all.map(shape).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id) }, 200);
  });

  app.openapi(create, async (c) => {
    const body = { ...c.req.valid('json'), activator: 'action' as const };
    const created = await c.get('upstream').POST('/triggers', { body, expect: 'Trigger' });
    return c.json(shape(created), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const upstream = c.get('upstream');
    // Actions the page cannot edit are kept as they are.
    const current = await upstream.GET('/triggers/{id}', { params: { path: { id } }, expect: 'Trigger' });
    const kept = Object.fromEntries(
      Object.entries(current.perform ?? {}).filter(([k]) => !PERFORM_KEYS.includes(k)),
    );
    const changed = await upstream.PUT('/triggers/{id}', {
      params: { path: { id } },
      body: { ...input, perform: { ...kept, ...input.perform } },
      expect: 'Trigger',
    });
    return c.json(shape(changed), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    await c.get('upstream').DELETE('/triggers/{id}', { params: { path: { id } } });
    return c.body(null, 204);
  });

  app.openapi(preview, async (c) => {
    const { condition } = c.req.valid('json');
    const ref = await referenceFor(c, services);
    const closed = ref.states.filter((s) => CLOSED_TYPES.has(s.state_type)).map((s) => String(s.id));
    const entries = Object.entries(condition);
    const leaves = entries.filter(([k, l]) => !changeOnly(k, l)).map(([name, l]) => ({ name, ...l }));
    const found = await searchFull(c.get('upstream'), {
      query: '*',
      condition: {
        operator: 'AND',
        conditions: [...leaves, { name: 'ticket.state_id', operator: 'is not', value: closed }],
      },
      sort_by: 'created_at',
      order_by: 'desc',
      page: 1,
      per_page: 10,
    });
    const tickets = ticketsOf(found).map((t) => ({ id: t.id, number: t.number, title: t.title }));
    return c.json(
      {
        total: found.total_count ?? tickets.length,
        tickets,
        ignored: entries.filter(([k, l]) => changeOnly(k, l)).map(([k]) => k),
      },
      200,
    );
  });

  return app;
}
