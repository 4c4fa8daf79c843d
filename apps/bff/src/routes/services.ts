import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { signedIn } from '../middleware/session.ts';
import { endpoint, reply, ticketErrorResponses } from '../openapi.ts';

/* The EOSC service catalogue (an EOSC Helpdesk extension of the Zammad API). */

const Service = z
  .object({
    key: z.string(),
    name: z.string(),
    provider: z.string(),
    description: z.string(),
  })
  .openapi('EoscService');

const services = createRoute({
  ...endpoint('get', '/bff/services', signedIn),
  summary: 'The EOSC service catalogue (active services), for the new-ticket form',
  responses: {
    200: reply('Services by name', z.array(Service)),
    ...ticketErrorResponses,
  },
});

export function serviceRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(services, async (c) => {
    const list = (await c.get('upstream').GET('/eosc_services'))
      .filter((s) => s.active !== false)
      .map((s) => ({
        key: s.key,
        name: s.name,
        provider: s.provider ?? '',
        description: s.description ?? '',
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return c.json(list, 200);
  });

  return app;
}
