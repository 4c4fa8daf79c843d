import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { signedIn } from '../middleware/session.ts';
import { endpoint, reply, ticketErrorResponses } from '../openapi.ts';

/* The EOSC service catalogue (an EOSC Helpdesk extension of the Zammad API). */

export const IntegrationSchema = z.enum(['direct', 'redirect', 'sync']).openapi('Integration', {
  description:
    'How the provider joined: direct (works in this helpdesk), redirect (new requests go to its mailing list), sync (its own helpdesk, synchronised)',
});

export const Service = z
  .object({
    key: z.string(),
    name: z.string(),
    provider: z.string(),
    description: z.string(),
    integration: IntegrationSchema,
    mailing_list: z.string().nullable().openapi({ description: 'Where `redirect` requests are forwarded.' }),
    community: z.string(),
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

/** A catalogue service as the portal shows it (active services only reach here). */
export function portalService(s: Schemas['EoscService']): z.infer<typeof Service> {
  return {
    key: s.key,
    name: s.name,
    provider: s.provider ?? '',
    description: s.description ?? '',
    // A real Zammad's catalogue (its eosc_service attribute) knows no integration: direct.
    integration: s.integration ?? 'direct',
    mailing_list: s.integration === 'redirect' ? (s.mailing_list ?? null) : null,
    community: s.community ?? '',
  };
}

export function serviceRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(services, async (c) => {
    const list = (await c.get('upstream').GET('/eosc_services'))
      .filter((s) => s.active !== false)
      .map(portalService)
      .sort((a, b) => a.name.localeCompare(b.name));
    return c.json(list, 200);
  });

  return app;
}
