import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { referenceFor } from '../lib/request.ts';
import { signedIn } from '../middleware/session.ts';
import { endpoint, reply, ticketErrorResponses } from '../openapi.ts';
import { StateTypeSchema } from '../schemas.ts';

/* States, priorities and groups: what forms and filters offer, by id and name. */

const ReferenceReply = z
  .object({
    states: z.array(
      z.object({ id: z.number().int(), name: z.string(), state_type: StateTypeSchema, active: z.boolean() }),
    ),
    priorities: z.array(
      z.object({ id: z.number().int(), name: z.string(), active: z.boolean(), default_create: z.boolean() }),
    ),
    groups: z.array(z.object({ id: z.number().int(), name: z.string(), active: z.boolean() })),
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
