import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffEnv, BffServices } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { requirePermission } from '../lib/permissions.ts';
import { referenceFor } from '../lib/request.ts';
import { requireSession } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';
import { ConditionLeaf, ConditionSchema, QosLevelSchema } from '../schemas.ts';

/*
 * Service level agreements (Zammad's): a calendar, due times in working minutes and a ticket
 * condition. The desk keeps one SLA per EOSC quality-of-support level and priority (marked
 * `data.eosc_qos`) and rewrites them when a unit's level changes: those are read-only here.
 * `admin.sla`, checked here and by the helpdesk.
 */

const errors = recordErrorResponses('No such SLA');
const mw = [requireSession, requirePermission('admin.sla')];

const Minutes = z.number().int().min(1).max(10_000_000).nullable();

const SlaSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    calendar_id: z.number().int(),
    calendar: z
      .string()
      .nullable()
      .openapi({ description: "The calendar's name, when the person may read it." }),
    first_response_time: Minutes.openapi({ description: 'Working minutes.' }),
    update_time: Minutes,
    solution_time: Minutes,
    condition: ConditionSchema,
    managed: z.boolean().openapi({
      description:
        "Kept by the desk's quality-of-support sync (follows the units' levels): only its due times may change; it cannot be deleted.",
    }),
    qos: z
      .object({
        level: QosLevelSchema.nullable(),
        priority_id: z.number().int().nullable(),
        priority: z.string().nullable().openapi({ description: "The priority's name (Zammad's)." }),
      })
      .nullable()
      .openapi({ description: 'For a managed SLA: the level and priority it stands for.' }),
  })
  .openapi('AdminSla');

const SlaInput = z
  .object({
    name: z.string().trim().min(1, 'Give the SLA a name.').max(250),
    calendar_id: z.number().int().positive(),
    first_response_time: Minutes.optional(),
    update_time: Minutes.optional(),
    solution_time: Minutes.optional(),
    condition: ConditionSchema,
  })
  .refine(
    (b) => [b.first_response_time, b.update_time, b.solution_time].some((v) => typeof v === 'number'),
    'Set at least one due time.',
  )
  .openapi('AdminSlaInput');

const list = createRoute({
  ...endpoint(
    'get',
    '/bff/agent/admin/slas',
    'SLAs by name, the order in which they are tried (admin.sla)',
    mw,
  ),
  responses: { 200: reply('SLAs', z.object({ items: z.array(SlaSchema) })), ...errors },
});

const create = createRoute({
  ...endpoint('post', '/bff/agent/admin/slas', 'Create an SLA (admin.sla)', mw),
  request: { body: jsonBody(SlaInput) },
  responses: { 201: reply('Created', SlaSchema), ...errors },
});

const update = createRoute({
  ...endpoint('put', '/bff/agent/admin/slas/{id}', mw),
  summary:
    "Change an SLA (admin.sla). Of the QoS SLAs the desk keeps, only the due times change: their name, calendar and condition stay the desk's.",
  request: { params: IdParam, body: jsonBody(SlaInput) },
  responses: { 200: reply('Changed', SlaSchema), ...errors },
});

const remove = createRoute({
  ...endpoint('delete', '/bff/agent/admin/slas/{id}', mw),
  summary: 'Delete an SLA (admin.sla; 422 for the QoS SLAs the desk keeps)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors },
});

/** Names the page shows beside ids: calendars and priorities. */
type Names = { calendars: Map<number, string>; priorities: Map<number, string> };

/** The desk's mark on the SLAs it keeps: `data.eosc_qos` = `{level, priority_id}`. */
function qosOf(s: Schemas['Sla'], names?: Names): z.infer<typeof SlaSchema>['qos'] {
  const mark = s.data?.eosc_qos;
  if (!mark) return null;
  const m = typeof mark === 'object' ? (mark as Record<string, unknown>) : {};
  const level = QosLevelSchema.safeParse(m.level);
  const priorityId = typeof m.priority_id === 'number' ? m.priority_id : null;
  return {
    level: level.success ? level.data : null,
    priority_id: priorityId,
    priority: priorityId === null ? null : (names?.priorities.get(priorityId) ?? null),
  };
}

/** Leaves the BFF cannot read are dropped from what the page shows (the upstream keeps them). */
function conditionOf(raw: Record<string, unknown>): z.infer<typeof ConditionSchema> {
  const out: z.infer<typeof ConditionSchema> = {};
  for (const [k, v] of Object.entries(raw)) {
    const leaf = ConditionLeaf.safeParse(v);
    if (leaf.success && /^[a-z_]+\.[a-z_]+$/.test(k)) out[k] = leaf.data;
  }
  return out;
}

function shape(s: Schemas['Sla'], names: Names): z.infer<typeof SlaSchema> {
  const qos = qosOf(s, names);
  return {
    id: s.id,
    name: s.name,
    calendar_id: s.calendar_id,
    calendar: names.calendars.get(s.calendar_id) ?? null,
    first_response_time: s.first_response_time ?? null,
    update_time: s.update_time ?? null,
    solution_time: s.solution_time ?? null,
    condition: conditionOf(s.condition),
    managed: qos !== null,
    qos,
  };
}

type Ctx = Context<BffEnv>;

/** Calendar and priority names by id; an admin without `admin.calendar` sees calendar ids only. */
async function namesFor(c: Ctx, services: BffServices): Promise<Names> {
  const calendars = c
    .get('upstream')
    .GET('/calendars', { params: { query: { per_page: 500 } }, expect: 'list' })
    .then(
      (all) => new Map(all.map((cal) => [cal.id, cal.name])),
      (err) => {
        if (err instanceof BffError && err.status === 403) return new Map<number, string>();
        throw err;
      },
    );
  const [cals, ref] = await Promise.all([calendars, referenceFor(c, services)]);
  return { calendars: cals, priorities: new Map(ref.priorities.map((p) => [p.id, p.name])) };
}

/** Refuses to delete what the desk's QoS sync keeps. */
async function unmanaged(c: Ctx, id: number): Promise<void> {
  const sla = await c.get('upstream').GET('/slas/{id}', { params: { path: { id } }, expect: 'Sla' });
  if (qosOf(sla))
    throw new BffError(
      422,
      'invalid',
      "This SLA follows the support units' quality-of-support levels: change a unit's level instead.",
    );
}

/** What the upstream stores: empty due times as null. */
function upstreamBody(input: z.infer<typeof SlaInput>) {
  return {
    ...input,
    first_response_time: input.first_response_time ?? null,
    update_time: input.update_time ?? null,
    solution_time: input.solution_time ?? null,
  };
}

export function slaRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => {
    const [slas, names] = await Promise.all([
      c.get('upstream').GET('/slas', { params: { query: { per_page: 500 } }, expect: 'list' }),
      namesFor(c, services),
    ]);
    const items = slas.map((s) => shape(s, names)).sort((a, b) => a.name.localeCompare(b.name));
    return c.json({ items }, 200);
  });

  app.openapi(create, async (c) => {
    const [created, names] = await Promise.all([
      c.get('upstream').POST('/slas', { body: upstreamBody(c.req.valid('json')), expect: 'Sla' }),
      namesFor(c, services),
    ]);
    return c.json(shape(created, names), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const current = await c.get('upstream').GET('/slas/{id}', { params: { path: { id } }, expect: 'Sla' });
    // The QoS sync owns a managed SLA's name, calendar and condition; admins tune its times.
    const { first_response_time, update_time, solution_time } = upstreamBody(input);
    const body = qosOf(current) ? { first_response_time, update_time, solution_time } : upstreamBody(input);
    const [changed, names] = await Promise.all([
      c.get('upstream').PUT('/slas/{id}', { params: { path: { id } }, body, expect: 'Sla' }),
      namesFor(c, services),
    ]);
    return c.json(shape(changed, names), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    await unmanaged(c, id);
    await c.get('upstream').DELETE('/slas/{id}', { params: { path: { id } } });
    return c.body(null, 204);
  });

  return app;
}
