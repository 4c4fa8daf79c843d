import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { agentsOnly } from '../middleware/session.ts';
import { endpoint, recordErrorResponses, reply } from '../openapi.ts';

/* Text modules: snippets agents insert with `::` in the composer. */

const errors = recordErrorResponses();

const TextModuleSchema = z
  .object({ id: z.number().int(), name: z.string(), keywords: z.string(), content: z.string() })
  .openapi('TextModule');

const textModules = createRoute({
  ...endpoint('get', '/bff/agent/text-modules', agentsOnly),
  summary: 'Text modules the agent may use (inserted with `::` in the composer)',
  responses: {
    200: reply('Text modules', z.object({ items: z.array(TextModuleSchema) })),
    ...errors,
  },
});

export function textModuleRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(textModules, async (c) => {
    const list = await c
      .get('upstream')
      .GET('/text_modules', { params: { query: { per_page: 500 } }, expect: 'list' });
    return c.json(
      {
        items: list
          .filter((m) => m.active !== false)
          .map((m) => ({ id: m.id, name: m.name, keywords: m.keywords ?? '', content: m.content })),
      },
      200,
    );
  });

  return app;
}
