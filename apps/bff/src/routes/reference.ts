import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { referenceFor } from '../lib/request.ts';
import { signedIn } from '../middleware/session.ts';
import { endpoint, reply, ticketErrorResponses } from '../openapi.ts';
import { QosLevelSchema, StateTypeSchema } from '../schemas.ts';

/* States, priorities and groups: what forms and filters offer, by id and name. */

const ReferenceReply = z
  .object({
    states: z.array(
      z.object({ id: z.number().int(), name: z.string(), state_type: StateTypeSchema, active: z.boolean() }),
    ),
    priorities: z.array(
      z.object({ id: z.number().int(), name: z.string(), active: z.boolean(), default_create: z.boolean() }),
    ),
    groups: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        active: z.boolean(),
        support_unit: z
          .boolean()
          .optional()
          .openapi({ description: 'EOSC extension: the group is a support unit.' }),
        qos_level: QosLevelSchema.nullable().optional(),
        support_line: z.number().int().nullable().optional().openapi({
          description:
            'EOSC extension: 1, 2 or 3. Moving a ticket to another line needs a note (the desk checks).',
        }),
        assignment_guide: z.string().nullable().optional().openapi({
          description: 'EOSC extension: how to assign tickets to the unit (plain text), for agents.',
        }),
      }),
    ),
  })
  .openapi('ReferenceData');

const reference = createRoute({
  ...endpoint('get', '/bff/reference', 'States, priorities and groups the person may use', signedIn),
  description:
    'Cached for 60 s per upstream (groups per person, as customers see fewer). Resolve ids in forms and filters with it.',
  responses: {
    200: reply('Reference data', ReferenceReply),
    ...ticketErrorResponses,
  },
});

export function referenceRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();
  app.openapi(reference, async (c) => c.json(await referenceFor(c, services), 200));
  return app;
}
