import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { requirePermission } from '../lib/permissions.ts';
import { requireSession } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';
import { QosLevelSchema } from '../schemas.ts';

/*
 * Support units (EOSC): groups with a quality-of-support level, a line of support, a mailing
 * list and a guide for the people who assign tickets to them. `admin.group`, checked here and
 * by the helpdesk. Changing a level makes the desk rewrite its QoS SLAs (docs/service-levels.md).
 */

const errors = recordErrorResponses('No such group');
const mw = [requireSession, requirePermission('admin.group')];

const SupportUnitSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    active: z.boolean(),
    support_unit: z.boolean(),
    qos_level: QosLevelSchema.nullable(),
    support_line: z.number().int().min(1).max(3).nullable(),
    mailing_list: z.string().nullable(),
    assignment_guide: z.string().nullable(),
    members: z.number().int().openapi({ description: 'How many agents belong to the group.' }),
  })
  .openapi('SupportUnit');

const SupportUnitInput = z
  .object({
    support_unit: z.boolean().optional(),
    qos_level: QosLevelSchema.optional(),
    support_line: z.number().int().min(1).max(3).optional(),
    mailing_list: z
      .union([z.email('Mailing list: an e-mail address.').max(255), z.literal('')])
      .nullable()
      .optional(),
    assignment_guide: z.string().trim().max(5000).nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Change at least one field.')
  .openapi('SupportUnitInput');

const list = createRoute({
  ...endpoint('get', '/bff/agent/admin/units', 'Groups with their support-unit fields (admin.group)', mw),
  responses: { 200: reply('Groups', z.object({ items: z.array(SupportUnitSchema) })), ...errors },
});

const update = createRoute({
  ...endpoint('put', '/bff/agent/admin/units/{id}', mw),
  summary: "Change a unit's level, line, mailing list or guide (admin.group)",
  request: { params: IdParam, body: jsonBody(SupportUnitInput) },
  responses: { 200: reply('The unit as it is now', SupportUnitSchema), ...errors },
});

type AnyGroup = Schemas['Group'] | Schemas['GroupReduced'];

function shape(g: AnyGroup): z.infer<typeof SupportUnitSchema> {
  const full: Partial<Schemas['Group']> = 'support_unit' in g || 'user_ids' in g ? g : {};
  return {
    id: g.id,
    name: g.name,
    active: g.active ?? true,
    support_unit: full.support_unit ?? false,
    qos_level: full.qos_level ?? (full.support_unit ? 'base' : null),
    support_line: full.support_line ?? null,
    mailing_list: full.mailing_list || null,
    assignment_guide: full.assignment_guide || null,
    members: full.user_ids?.length ?? 0,
  };
}

export function supportUnitRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => {
    const groups = await c
      .get('upstream')
      .GET('/groups', { params: { query: { per_page: 500 } }, expect: 'list' });
    const items = groups.map(shape).sort((a, b) => a.name.localeCompare(b.name));
    return c.json({ items }, 200);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const { mailing_list, ...rest } = c.req.valid('json');
    const group = await c.get('upstream').PUT('/groups/{id}', {
      params: { path: { id } },
      body: {
        ...rest,
        ...(mailing_list !== undefined ? { mailing_list: mailing_list || null } : {}),
        // Setting a level or a line makes the group a unit.
        ...(rest.qos_level || rest.support_line ? { support_unit: rest.support_unit ?? true } : {}),
      },
      expect: 'Group',
    });
    services.reference.forgetGroups(c.get('deps').zammadUrl);
    return c.json(shape(group), 200);
  });

  return app;
}
