import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { requireSession, requireStaff } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';
import { ConditionLeaf, ConditionSchema } from '../schemas.ts';

/*
 * Admin editing of overviews. The BFF refuses customers itself; the permission (`admin.overview`)
 * is the helpdesk's to check: every call acts for the signed-in person, so an agent without it
 * gets the helpdesk's 403.
 */

const errors = recordErrorResponses();
const mw = [requireSession, requireStaff];

const ViewColumn = z.string().regex(/^[a-z_]+$/);

const AdminOverviewSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    link: z.string(),
    prio: z.number().int(),
    active: z.boolean(),
    role_ids: z.array(z.number().int()),
    condition: ConditionSchema,
    order: z.object({ by: z.string(), direction: z.enum(['ASC', 'DESC']) }),
    group_by: z.string().nullable(),
    group_direction: z.enum(['ASC', 'DESC']).nullable(),
    view: z.object({ s: z.array(z.string()), m: z.array(z.string()) }),
  })
  .openapi('AdminOverview');

const AdminOverviewInput = z
  .object({
    name: z.string().trim().min(1, 'Name is required.').max(250),
    link: z
      .string()
      .trim()
      .max(250)
      .regex(/^[a-z0-9_]*$/, 'Link: lower-case letters, digits and _ only.')
      .optional(),
    active: z.boolean().optional(),
    role_ids: z.array(z.number().int().positive()).min(1, 'Choose at least one role.'),
    condition: ConditionSchema,
    order: z.object({ by: ViewColumn, direction: z.enum(['ASC', 'DESC']) }),
    group_by: ViewColumn.nullable().optional(),
    group_direction: z.enum(['ASC', 'DESC']).nullable().optional(),
    view: z.object({ s: z.array(ViewColumn).min(1).max(20), m: z.array(ViewColumn).min(1).max(20) }),
  })
  .openapi('AdminOverviewInput');

const PrioBody = z
  .object({ ids: z.array(z.number().int().positive()).min(1).max(500) })
  .openapi('AdminOverviewOrder', { description: 'Every overview id, in the new order (first = top).' });

const list = createRoute({
  ...endpoint('get', '/bff/agent/admin/overviews', 'All overviews, by priority (admin.overview)', mw),
  responses: {
    200: reply('Overviews', z.object({ items: z.array(AdminOverviewSchema) })),
    ...errors,
  },
});

const create = createRoute({
  ...endpoint('post', '/bff/agent/admin/overviews', 'Create an overview (admin.overview)', mw),
  request: { body: jsonBody(AdminOverviewInput) },
  responses: { 201: reply('Created', AdminOverviewSchema), ...errors },
});

const update = createRoute({
  ...endpoint('put', '/bff/agent/admin/overviews/{id}', 'Change an overview (admin.overview)', mw),
  request: { params: IdParam, body: jsonBody(AdminOverviewInput) },
  responses: { 200: reply('Changed', AdminOverviewSchema), ...errors },
});

const remove = createRoute({
  ...endpoint('delete', '/bff/agent/admin/overviews/{id}', 'Delete an overview (admin.overview)', mw),
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors },
});

const reorder = createRoute({
  ...endpoint('post', '/bff/agent/admin/overviews/order', mw),
  summary: 'Reorder overviews: prio 1, 2, … in the given order (admin.overview)',
  request: { body: jsonBody(PrioBody) },
  responses: {
    200: reply('Overviews', z.object({ items: z.array(AdminOverviewSchema) })),
    ...errors,
  },
});

const dir = (v: string | null | undefined): 'ASC' | 'DESC' => (v?.toUpperCase() === 'DESC' ? 'DESC' : 'ASC');
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The upstream overview as the admin page edits it; leaves the BFF cannot read are dropped. */
function shape(o: Schemas['Overview']): z.infer<typeof AdminOverviewSchema> {
  const condition: z.infer<typeof ConditionSchema> = {};
  for (const [k, v] of Object.entries(o.condition ?? {})) {
    const leaf = ConditionLeaf.safeParse(v);
    if (leaf.success) condition[k] = leaf.data;
  }
  const view = o.view ?? {};
  return {
    id: o.id,
    name: o.name,
    link: o.link,
    prio: o.prio ?? 0,
    active: o.active !== false,
    role_ids: o.role_ids ?? [],
    condition,
    order: { by: o.order?.by || 'created_at', direction: dir(o.order?.direction) },
    group_by: o.group_by || null,
    group_direction: o.group_direction ? dir(o.group_direction) : null,
    view: { s: strings(view.s), m: strings(view.m) },
  };
}

/** Every overview, as the admin page lists them. */
async function loadAll(c: Context<BffEnv>) {
  const list = await c
    .get('upstream')
    .GET('/overviews', { params: { query: { per_page: 500 } }, expect: 'list' });
  return list.map(shape).sort((a, b) => a.prio - b.prio || a.id - b.id);
}

export function overviewAdminRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => c.json({ items: await loadAll(c) }, 200));

  app.openapi(create, async (c) => {
    const input = c.req.valid('json');
    const created = await c
      .get('upstream')
      .POST('/overviews', { body: upstreamBody(input), expect: 'Overview' });
    return c.json(shape(created), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const changed = await c.get('upstream').PUT('/overviews/{id}', {
      params: { path: { id } },
      body: upstreamBody(input),
      expect: 'Overview',
    });
    return c.json(shape(changed), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    await c.get('upstream').DELETE('/overviews/{id}', { params: { path: { id } } });
    return c.body(null, 204);
  });

  app.openapi(reorder, async (c) => {
    const { ids } = c.req.valid('json');
    if (new Set(ids).size !== ids.length) throw new BffError(400, 'invalid_input', 'ids: each id only once.');
    await c.get('upstream').POST('/overviews_prio', { body: { prios: ids.map((id, i) => [id, i + 1]) } });
    return c.json({ items: await loadAll(c) }, 200);
  });

  return app;
}

function upstreamBody(input: z.infer<typeof AdminOverviewInput>) {
  const { link, view, group_by, group_direction, ...rest } = input;
  return {
    ...rest,
    ...(link ? { link } : {}),
    group_by: group_by ?? null,
    group_direction: group_by ? (group_direction ?? 'ASC') : null,
    // Zammad keeps a `d` (detail) view too; the SPA shows s and m only, so `d` follows `s`.
    view: { ...view, d: view.s, view_mode_default: 's' },
  };
}
