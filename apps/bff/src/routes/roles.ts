import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { type AnyRole, personPermissions } from '../lib/permissions.ts';
import { requireSession, requireStaff } from '../middleware/session.ts';
import { endpoint, recordErrorResponses, reply } from '../openapi.ts';

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
    unit_admin: z.boolean().openapi({ description: 'May edit support units (`admin.group`).' }),
    calendar_admin: z.boolean().openapi({ description: 'May edit business calendars (`admin.calendar`).' }),
    sla_admin: z.boolean().openapi({ description: 'May edit SLAs (`admin.sla`).' }),
    scheduler_admin: z
      .boolean()
      .openapi({ description: "May see and run the background worker's jobs (`admin.scheduler`)." }),
    mail_admin: z
      .boolean()
      .openapi({ description: 'May see the support addresses and received mail (`admin.channel_email`).' }),
    trigger_admin: z.boolean().openapi({ description: 'May edit triggers (`admin.trigger`).' }),
    webhook_admin: z.boolean().openapi({ description: 'May edit webhooks (`admin.webhook`).' }),
    service_admin: z
      .boolean()
      .openapi({ description: 'May edit the service catalogue and its integration modes (`admin.object`).' }),
    community_admin: z.boolean().optional().openapi({
      description: 'May create communities and set their branding, units and services (`admin.community`).',
    }),
  })
  .openapi('AgentPermissions');

const permissions = createRoute({
  ...endpoint('get', '/bff/agent/permissions', mw),
  summary: 'What the signed-in person may administer (to show links; the helpdesk enforces it)',
  responses: { 200: reply('Permissions', PermissionsSchema), ...errors },
});

const roles = createRoute({
  ...endpoint('get', '/bff/agent/admin/roles', 'Active roles an overview may be given to', mw),
  responses: {
    200: reply('Roles', z.object({ items: z.array(RoleSchema) })),
    ...errors,
  },
});

export function roleRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(permissions, async (c) => {
    const p = await personPermissions(c);
    return c.json(
      {
        overview_admin: p.overviewAdmin,
        kb_editor: p.kbEditor,
        unit_admin: p.groupAdmin,
        calendar_admin: p.calendarAdmin,
        sla_admin: p.slaAdmin,
        scheduler_admin: p.schedulerAdmin,
        mail_admin: p.mailAdmin,
        trigger_admin: p.triggerAdmin,
        webhook_admin: p.webhookAdmin,
        service_admin: p.serviceAdmin,
        community_admin: p.communityAdmin,
      },
      200,
    );
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
