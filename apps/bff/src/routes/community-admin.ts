import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { requirePermission } from '../lib/permissions.ts';
import { requireSession } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';

/*
 * Communities for admins (`admin.community`, checked here and by the helpdesk): create one, set
 * its branding, and give it support units and services. The helpdesk validates the values (a
 * colour that is not #rrggbb, a taken slug: 422 naming the field).
 */

const errors = recordErrorResponses('No such community');
const mw = [requireSession, requirePermission('admin.community')];

const AdminCommunity = z
  .object({
    id: z.number().int(),
    name: z.string(),
    slug: z.string(),
    display_name: z.string(),
    logo_url: z.string().nullable(),
    primary_color: z.string(),
    accent_color: z.string(),
    active: z.boolean(),
    group_ids: z.array(z.number().int()),
    service_ids: z.array(z.number().int()),
    kb_category_ids: z.array(z.number().int()),
  })
  .openapi('AdminCommunity');

const Option = z.object({
  id: z.number().int(),
  name: z.string(),
  community_id: z.number().int().nullable(),
});

const fields = {
  name: z.string().trim().min(1).max(150),
  slug: z.string().trim().min(1).max(64),
  display_name: z.string().trim().max(150),
  logo_url: z.string().trim().max(400_000).nullable(),
  primary_color: z.string().trim().max(16),
  accent_color: z.string().trim().max(16),
  active: z.boolean(),
  group_ids: z.array(z.number().int().positive()).max(500),
  service_ids: z.array(z.number().int().positive()).max(500),
};

const CreateInput = z
  .object(fields)
  .partial()
  .required({ name: true, slug: true })
  .openapi('AdminCommunityCreate');
const UpdateInput = z
  .object(fields)
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Change at least one field.')
  .openapi('AdminCommunityUpdate');

const list = createRoute({
  ...endpoint(
    'get',
    '/bff/agent/admin/communities',
    'Communities, with the units and services to give them',
    mw,
  ),
  responses: {
    200: reply(
      'Communities and the choices',
      z.object({ items: z.array(AdminCommunity), units: z.array(Option), services: z.array(Option) }),
    ),
    ...errors,
  },
});

const create = createRoute({
  ...endpoint('post', '/bff/agent/admin/communities', 'Add a community (admin.community)', mw),
  request: { body: jsonBody(CreateInput) },
  responses: { 201: reply('The new community', AdminCommunity), ...errors },
});

const update = createRoute({
  ...endpoint('put', '/bff/agent/admin/communities/{id}', mw),
  summary: "Change a community's name, branding, units and services (admin.community)",
  request: { params: IdParam, body: jsonBody(UpdateInput) },
  responses: { 200: reply('The community as it is now', AdminCommunity), ...errors },
});

function shape(c: Schemas['Community']): z.infer<typeof AdminCommunity> {
  return {
    id: c.id,
    name: c.name,
    slug: c.slug,
    display_name: c.display_name,
    logo_url: c.logo_url ?? null,
    primary_color: c.primary_color,
    accent_color: c.accent_color,
    active: c.active,
    group_ids: c.group_ids,
    service_ids: c.service_ids,
    kb_category_ids: c.kb_category_ids,
  };
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

export function communityAdminRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => {
    const upstream = c.get('upstream');
    const [communities, groups, services] = await Promise.all([
      upstream.GET('/communities'),
      upstream.GET('/groups', { params: { query: { per_page: 500 } }, expect: 'list' }),
      upstream.GET('/eosc_services'),
    ]);
    const option = (r: { id: number; name?: string | null; community_id?: unknown }) => ({
      id: r.id,
      name: r.name ?? '',
      community_id: typeof r.community_id === 'number' ? r.community_id : null,
    });
    return c.json(
      {
        items: communities.map(shape).sort(byName),
        units: groups
          .filter((g) => g.active !== false)
          .map(option)
          .sort(byName),
        services: services.map(option).sort(byName),
      },
      200,
    );
  });

  app.openapi(create, async (c) => {
    const created = await c.get('upstream').POST('/communities', { body: c.req.valid('json') });
    return c.json(shape(created), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const updated = await c
      .get('upstream')
      .PUT('/communities/{id}', { params: { path: { id } }, body: c.req.valid('json') });
    return c.json(shape(updated), 200);
  });

  return app;
}
