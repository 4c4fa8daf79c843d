import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { ErrorSchema, endpoint } from '../openapi.ts';

const Health = z.object({ status: z.literal('ok'), upstream: z.literal('ok') }).openapi('Health');

const health = createRoute({
  ...endpoint('get', '/bff/health', 'The BFF and its upstream answer'),
  description:
    "With BFF_DATABASE_URL the BFF's database must answer too (503 `state_unavailable`): a load balancer then takes a BFF that lost it out of rotation.",
  responses: {
    200: { description: 'Both answer', content: { 'application/json': { schema: Health } } },
    503: {
      description:
        "The upstream does not answer (`upstream_unavailable`), or the BFF's database (`state_unavailable`)",
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

export function healthRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();
  app.openapi(health, async (c) => {
    const deps = c.get('deps');
    const stateUp = await services.state.check().then(
      () => true,
      () => false,
    );
    if (!stateUp) {
      return c.json(
        {
          error: "The BFF's database does not answer.",
          code: 'state_unavailable',
          request_id: c.get('requestId'),
        },
        503,
      );
    }
    // Any HTTP answer from /api/v1 proves the upstream is up; a 403 without credentials is expected.
    const res = await fetch(`${deps.zammadUrl.replace(/\/+$/, '')}/api/v1/users/me`, {
      signal: AbortSignal.timeout(Math.min(deps.upstreamTimeoutMs, 3000)),
    }).catch(() => undefined);
    if (!res || res.status >= 500) {
      return c.json(
        {
          error: 'The helpdesk upstream does not answer.',
          code: 'upstream_unavailable',
          request_id: c.get('requestId'),
        },
        503,
      );
    }
    return c.json({ status: 'ok' as const, upstream: 'ok' as const }, 200);
  });
  return app;
}
