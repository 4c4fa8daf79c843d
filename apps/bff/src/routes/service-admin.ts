import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { requirePermission } from '../lib/permissions.ts';
import { requireSession } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';
import { IntegrationSchema } from './services.ts';

/*
 * The service catalogue for admins (`admin.object`, checked here and by the helpdesk): each
 * service's support group, how its provider joined (integration) and its contacts. The helpdesk
 * validates (a `redirect` service needs a valid mailing list: 422 saying so).
 */

const errors = recordErrorResponses('No such service');
const mw = [requireSession, requirePermission('admin.object')];

const AdminService = z
  .object({
    id: z.number().int(),
    key: z.string(),
    name: z.string(),
    provider: z.string(),
    description: z.string(),
    group_id: z.number().int().nullable(),
    integration: IntegrationSchema,
    mailing_list: z.string().nullable(),
    community: z.string(),
    active: z.boolean(),
  })
  .openapi('AdminEoscService');

const fields = {
  name: z.string().trim().min(1).max(150),
  provider: z.string().trim().max(150),
  description: z.string().trim().max(2000),
  group_id: z.number().int().positive().nullable(),
  integration: IntegrationSchema,
  mailing_list: z.string().trim().max(255).nullable(),
  community: z.string().trim().max(150),
  active: z.boolean(),
};

const CreateInput = z
  .object({ key: z.string().trim().min(1).max(64), ...fields })
  .partial({
    provider: true,
    description: true,
    group_id: true,
    integration: true,
    mailing_list: true,
    community: true,
    active: true,
  })
  .openapi('AdminEoscServiceCreate');

const UpdateInput = z
  .object(fields)
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Change at least one field.')
  .openapi('AdminEoscServiceUpdate');

const list = createRoute({
  ...endpoint(
    'get',
    '/bff/agent/admin/services',
    'The whole catalogue, inactive services too (admin.object)',
    mw,
  ),
  responses: { 200: reply('Services', z.object({ items: z.array(AdminService) })), ...errors },
});

const create = createRoute({
  ...endpoint('post', '/bff/agent/admin/services', 'Add a service (admin.object)', mw),
  request: { body: jsonBody(CreateInput) },
  responses: { 201: reply('The new service', AdminService), ...errors },
});

const update = createRoute({
  ...endpoint('put', '/bff/agent/admin/services/{id}', mw),
  summary: "Change a service: group, integration mode, provider's contacts, active (admin.object)",
  request: { params: IdParam, body: jsonBody(UpdateInput) },
  responses: { 200: reply('The service as it is now', AdminService), ...errors },
});

function shape(s: Schemas['EoscService']): z.infer<typeof AdminService> {
  return {
    id: s.id,
    key: s.key,
    name: s.name,
    provider: s.provider ?? '',
    description: s.description ?? '',
    group_id: s.group_id ?? null,
    integration: s.integration ?? 'direct',
    mailing_list: s.mailing_list ?? null,
    community: s.community ?? '',
    active: s.active,
  };
}

export function serviceAdminRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => {
    const items = (await c.get('upstream').GET('/eosc_services')).map(shape);
    return c.json({ items: items.sort((a, b) => a.name.localeCompare(b.name)) }, 200);
  });

  app.openapi(create, async (c) => {
    const created = await c.get('upstream').POST('/eosc_services', { body: c.req.valid('json') });
    return c.json(shape(created), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const updated = await c
      .get('upstream')
      .PUT('/eosc_services/{id}', { params: { path: { id } }, body: c.req.valid('json') });
    return c.json(shape(updated), 200);
  });

  return app;
}
