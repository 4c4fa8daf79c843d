import { unwrap } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { parseUpstream } from '../lib/upstream-shapes.ts';
import { requireSession } from '../middleware/session.ts';
import { IdParam, json, recordErrorResponses } from '../schemas.ts';

/*
 * Admin editing of overviews, and what the signed-in person may administer. The BFF refuses
 * customers itself; the permission (`admin.overview`) is the helpdesk's to check: every call acts
 * for the signed-in person, so an agent without it gets the helpdesk's 403.
 */

const requireStaff: MiddlewareHandler<BffEnv> = async (c, next) => {
  const s = c.get('session');
  if (!s) throw new BffError(401, 'unauthenticated', 'Please sign in.');
  if (!s.is_agent && !s.is_admin) throw new BffError(403, 'forbidden', 'Only agents and admins can do this.');
  await next();
};

const errors = recordErrorResponses();

const ConditionValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number()])),
]);

/** One selector leaf in Zammad's flat condition format. */
const ConditionLeaf = z
  .object({
    operator: z.string().min(1).max(50),
    value: ConditionValue.optional(),
    pre_condition: z.string().max(50).optional(),
    range: z.enum(['minute', 'hour', 'day', 'week', 'month', 'year']).optional(),
  })
  .openapi('OverviewConditionLeaf');

const ConditionSchema = z
  .record(z.string().regex(/^[a-z_]+\.[a-z_]+$/), ConditionLeaf)
  .openapi('OverviewCondition', {
    description:
      'Zammad\'s condition: `{"ticket.state_id": {"operator": "is", "value": [1, 2]}}`; owner may use `pre_condition` `current_user.id` or `not_set`.',
  });

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

const RoleSchema = z.object({ id: z.number().int(), name: z.string() }).openapi('RoleRef');

const PermissionsSchema = z
  .object({
    overview_admin: z.boolean().openapi({ description: 'May edit overviews (`admin.overview`).' }),
    kb_editor: z.boolean().openapi({ description: 'May edit the knowledge base (`knowledge_base.editor`).' }),
  })
  .openapi('AgentPermissions');

const mw = [requireSession, requireStaff];

const permissions = createRoute({
  method: 'get',
  path: '/bff/agent/permissions',
  middleware: mw,
  summary: 'What the signed-in person may administer (to show links; the helpdesk enforces it)',
  responses: { 200: { description: 'Permissions', content: json(PermissionsSchema) }, ...errors },
});

const list = createRoute({
  method: 'get',
  path: '/bff/agent/admin/overviews',
  middleware: mw,
  summary: 'All overviews, by priority (admin.overview)',
  responses: {
    200: { description: 'Overviews', content: json(z.object({ items: z.array(AdminOverviewSchema) })) },
    ...errors,
  },
});

const roles = createRoute({
  method: 'get',
  path: '/bff/agent/admin/roles',
  middleware: mw,
  summary: 'Active roles an overview may be given to',
  responses: {
    200: { description: 'Roles', content: json(z.object({ items: z.array(RoleSchema) })) },
    ...errors,
  },
});

const create = createRoute({
  method: 'post',
  path: '/bff/agent/admin/overviews',
  middleware: mw,
  summary: 'Create an overview (admin.overview)',
  request: { body: { content: json(AdminOverviewInput), required: true } },
  responses: { 201: { description: 'Created', content: json(AdminOverviewSchema) }, ...errors },
});

const update = createRoute({
  method: 'put',
  path: '/bff/agent/admin/overviews/{id}',
  middleware: mw,
  summary: 'Change an overview (admin.overview)',
  request: { params: IdParam, body: { content: json(AdminOverviewInput), required: true } },
  responses: { 200: { description: 'Changed', content: json(AdminOverviewSchema) }, ...errors },
});

const remove = createRoute({
  method: 'delete',
  path: '/bff/agent/admin/overviews/{id}',
  middleware: mw,
  summary: 'Delete an overview (admin.overview)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors },
});

const reorder = createRoute({
  method: 'post',
  path: '/bff/agent/admin/overviews/order',
  middleware: mw,
  summary: 'Reorder overviews: prio 1, 2, … in the given order (admin.overview)',
  request: { body: { content: json(PrioBody), required: true } },
  responses: {
    200: { description: 'Overviews', content: json(z.object({ items: z.array(AdminOverviewSchema) })) },
    ...errors,
  },
});

const UpOverview = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  link: z.string(),
  prio: z.number().int().nullish(),
  active: z.boolean().nullish(),
  role_ids: z.array(z.number().int()).nullish(),
  condition: z.record(z.string(), z.unknown()).nullish(),
  order: z.looseObject({ by: z.string().nullish(), direction: z.string().nullish() }).nullish(),
  group_by: z.string().nullish(),
  group_direction: z.string().nullish(),
  view: z.record(z.string(), z.unknown()).nullish(),
});
type UpOverview = z.infer<typeof UpOverview>;

const UpRoles = z.array(
  z.looseObject({
    id: z.number().int(),
    name: z.string(),
    active: z.boolean().nullish(),
    permissions: z.array(z.string().nullish()).nullish(),
  }),
);

const dir = (v: string | null | undefined): 'ASC' | 'DESC' => (v?.toUpperCase() === 'DESC' ? 'DESC' : 'ASC');
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The upstream overview as the admin page edits it; leaves the BFF cannot read are dropped. */
function shape(o: UpOverview): z.infer<typeof AdminOverviewSchema> {
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

/** Does a permission list grant `wanted` (a parent such as `admin` grants `admin.overview`)? */
export function grants(perms: readonly string[], wanted: string): boolean {
  return perms.some((p) => p === wanted || wanted.startsWith(`${p}.`));
}

/** What the signed-in person's active roles grant, read from the helpdesk's roles. */
export async function personPermissions(c: Context<BffEnv>) {
  const mine = new Set(c.get('session')?.roles ?? []);
  const raw = unwrap(await c.get('upstream').GET('/roles', { params: { query: { expand: 'true' } } }));
  const perms = parseUpstream(UpRoles, raw)
    .filter((r) => r.active !== false && mine.has(r.name))
    .flatMap((r) => (r.permissions ?? []).filter((p): p is string => typeof p === 'string'));
  return {
    overviewAdmin: grants(perms, 'admin.overview'),
    kbEditor: grants(perms, 'knowledge_base.editor'),
  };
}

export function agentAdminRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  const loadAll = async (c: { get(k: 'upstream'): BffEnv['Variables']['upstream'] }) => {
    const raw = unwrap(await c.get('upstream').GET('/overviews', { params: { query: { per_page: 500 } } }));
    return parseUpstream(z.array(UpOverview), raw)
      .map(shape)
      .sort((a, b) => a.prio - b.prio || a.id - b.id);
  };

  app.openapi(permissions, async (c) => {
    const p = await personPermissions(c);
    return c.json({ overview_admin: p.overviewAdmin, kb_editor: p.kbEditor }, 200);
  });

  app.openapi(list, async (c) => c.json({ items: await loadAll(c) }, 200));

  app.openapi(roles, async (c) => {
    const raw = unwrap(await c.get('upstream').GET('/roles', { params: { query: { per_page: 500 } } }));
    return c.json(
      {
        items: parseUpstream(UpRoles, raw)
          .filter((r) => r.active !== false)
          .map((r) => ({ id: r.id, name: r.name })),
      },
      200,
    );
  });

  app.openapi(create, async (c) => {
    const input = c.req.valid('json');
    const raw = unwrap(await c.get('upstream').POST('/overviews', { body: upstreamBody(input) }));
    return c.json(shape(parseUpstream(UpOverview, raw)), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const raw = unwrap(
      await c.get('upstream').PUT('/overviews/{id}', { params: { path: { id } }, body: upstreamBody(input) }),
    );
    return c.json(shape(parseUpstream(UpOverview, raw)), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    unwrap(await c.get('upstream').DELETE('/overviews/{id}', { params: { path: { id } } }));
    return c.body(null, 204);
  });

  app.openapi(reorder, async (c) => {
    const { ids } = c.req.valid('json');
    if (new Set(ids).size !== ids.length) throw new BffError(400, 'invalid_input', 'ids: each id only once.');
    unwrap(
      await c.get('upstream').POST('/overviews_prio', {
        body: { prios: ids.map((id, i) => [id, i + 1]) },
      }),
    );
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
