import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { requirePermission } from '../lib/permissions.ts';
import { requireSession } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';

/*
 * Webhooks (Zammad's): where a trigger posts a ticket, signed with the signature token. Secrets
 * come back masked (`**********`); saving the mask keeps the stored value. The delivery log is
 * our desk's (an EOSC extension of Zammad's API). `admin.webhook`, checked here and by the helpdesk.
 */

const errors = recordErrorResponses('No such webhook');
const mw = [requireSession, requirePermission('admin.webhook')];

const WebhookSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    endpoint: z.string(),
    active: z.boolean(),
    ssl_verify: z.boolean(),
    signature_token: z.string().nullable().openapi({ description: 'Masked when set.' }),
    basic_auth_username: z.string().nullable(),
    basic_auth_password: z.string().nullable().openapi({ description: 'Masked when set.' }),
    bearer_token: z.string().nullable().openapi({ description: 'Masked when set.' }),
    customized_payload: z.boolean(),
    custom_payload: z.string().nullable(),
    note: z.string().nullable(),
  })
  .openapi('AdminWebhook');

const secret = z.string().max(500).nullable().optional();
const WebhookInput = z
  .object({
    name: z.string().trim().min(1, 'Give the webhook a name.').max(250),
    endpoint: z
      .string()
      .trim()
      .url('The endpoint must be a URL.')
      .regex(/^https?:\/\//i, 'The endpoint must be an http or https URL.'),
    active: z.boolean().optional(),
    ssl_verify: z.boolean().optional(),
    signature_token: secret,
    basic_auth_username: z.string().max(250).nullable().optional(),
    basic_auth_password: secret,
    bearer_token: secret,
    customized_payload: z.boolean().optional(),
    custom_payload: z.string().max(50_000).nullable().optional(),
    note: z.string().trim().max(5000).nullable().optional(),
  })
  .openapi('AdminWebhookInput');

const DeliverySchema = z
  .object({
    id: z.number().int(),
    delivery_id: z.string(),
    ticket_id: z.number().int().nullable(),
    trigger_id: z.number().int().nullable(),
    attempt: z.number().int(),
    status_code: z.number().int().nullable(),
    error: z.string().nullable(),
    response_excerpt: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    created_at: z.string(),
  })
  .openapi('WebhookDelivery');

const list = createRoute({
  ...endpoint('get', '/bff/agent/admin/webhooks', 'Webhooks, by name (admin.webhook)', mw),
  responses: { 200: reply('Webhooks', z.object({ items: z.array(WebhookSchema) })), ...errors },
});
const create = createRoute({
  ...endpoint('post', '/bff/agent/admin/webhooks', mw),
  summary:
    'Create a webhook (admin.webhook; the helpdesk refuses private or loopback endpoints it does not allow)',
  request: { body: jsonBody(WebhookInput) },
  responses: { 201: reply('Created', WebhookSchema), ...errors },
});
const update = createRoute({
  ...endpoint('put', '/bff/agent/admin/webhooks/{id}', 'Change a webhook (admin.webhook)', mw),
  request: { params: IdParam, body: jsonBody(WebhookInput) },
  responses: { 200: reply('Changed', WebhookSchema), ...errors },
});
const remove = createRoute({
  ...endpoint('delete', '/bff/agent/admin/webhooks/{id}', mw),
  summary: 'Delete a webhook (admin.webhook; the helpdesk refuses while a trigger uses it)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors },
});
const deliveries = createRoute({
  ...endpoint('get', '/bff/agent/admin/webhooks/{id}/deliveries', mw),
  summary: 'The last 50 calls of a webhook, newest first, each attempt on its own (admin.webhook)',
  request: { params: IdParam },
  responses: { 200: reply('Deliveries', z.object({ items: z.array(DeliverySchema) })), ...errors },
});

function shape(w: Schemas['Webhook']): z.infer<typeof WebhookSchema> {
  return {
    id: w.id,
    name: w.name,
    endpoint: w.endpoint,
    active: w.active,
    ssl_verify: w.ssl_verify,
    signature_token: w.signature_token ?? null,
    basic_auth_username: w.basic_auth_username ?? null,
    basic_auth_password: w.basic_auth_password ?? null,
    bearer_token: w.bearer_token ?? null,
    customized_payload: w.customized_payload,
    custom_payload: w.custom_payload ?? null,
    note: w.note ?? null,
  };
}

export function webhookRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => {
    const all = await c
      .get('upstream')
      .GET('/webhooks', { params: { query: { per_page: 500 } }, expect: 'list' });
    return c.json({ items: all.map(shape).sort((a, b) => a.name.localeCompare(b.name)) }, 200);
  });

  app.openapi(create, async (c) => {
    const created = await c
      .get('upstream')
      .POST('/webhooks', { body: c.req.valid('json'), expect: 'Webhook' });
    return c.json(shape(created), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const changed = await c.get('upstream').PUT('/webhooks/{id}', {
      params: { path: { id } },
      body: c.req.valid('json'),
      expect: 'Webhook',
    });
    return c.json(shape(changed), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    await c.get('upstream').DELETE('/webhooks/{id}', { params: { path: { id } } });
    return c.body(null, 204);
  });

  app.openapi(deliveries, async (c) => {
    const { id } = c.req.valid('param');
    const rows = await c
      .get('upstream')
      .GET('/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 50 } } });
    const items = rows.map((d) => ({
      id: d.id,
      delivery_id: d.delivery_id,
      ticket_id: d.ticket_id ?? null,
      trigger_id: d.trigger_id ?? null,
      attempt: d.attempt,
      status_code: d.status_code ?? null,
      error: d.error ?? null,
      response_excerpt: d.response_excerpt ?? null,
      duration_ms: d.duration_ms ?? null,
      created_at: d.created_at,
    }));
    return c.json({ items }, 200);
  });

  return app;
}
