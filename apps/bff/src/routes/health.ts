import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { ErrorSchema, endpoint } from '../openapi.ts';

const Health = z.object({ status: z.literal('ok'), upstream: z.literal('ok') }).openapi('Health');

const health = createRoute({
  ...endpoint('get', '/bff/health', 'The BFF and its upstream answer'),
  responses: {
    200: { description: 'Both answer', content: { 'application/json': { schema: Health } } },
    503: {
      description: 'The upstream does not answer',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

export function healthRoutes() {
  const app = new OpenAPIHono<BffEnv>();
  app.openapi(health, async (c) => {
    const deps = c.get('deps');
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
