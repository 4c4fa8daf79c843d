import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { type AnyRole, personPermissions } from '../lib/permissions.ts';
import { requireSession, requireStaff } from '../middleware/session.ts';
import { json, recordErrorResponses } from '../schemas.ts';

/*
 * Roles, and what the signed-in person may administer. Every call acts for the person, so the
 * helpdesk decides what they see.
 */

const errors = recordErrorResponses();
const mw = [requireSession, requireStaff];

const RoleSchema = z.object({ id: z.number().int(), name: z.string() }).openapi('RoleRef');

const PermissionsSchema = z
  .object({
    overview_admin: z.boolean().openapi({ description: 'May edit overviews (`admin.overview`).' }),
    kb_editor: z.boolean().openapi({ description: 'May edit the knowledge base (`knowledge_base.editor`).' }),
  })
  .openapi('AgentPermissions');

const permissions = createRoute({
  method: 'get',
  path: '/bff/agent/permissions',
  middleware: mw,
  summary: 'What the signed-in person may administer (to show links; the helpdesk enforces it)',
  responses: { 200: { description: 'Permissions', content: json(PermissionsSchema) }, ...errors },
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

export function roleRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(permissions, async (c) => {
    const p = await personPermissions(c);
    return c.json({ overview_admin: p.overviewAdmin, kb_editor: p.kbEditor }, 200);
  });

  app.openapi(roles, async (c) => {
    const list: AnyRole[] = await c
      .get('upstream')
      .GET('/roles', { params: { query: { per_page: 500 } }, expect: 'list' });
    return c.json(
      {
        items: list.filter((r) => r.active !== false).map((r) => ({ id: r.id, name: r.name })),
      },
      200,
    );
  });

  return app;
}
