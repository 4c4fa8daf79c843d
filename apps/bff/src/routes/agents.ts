import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { agentsOnly } from '../middleware/session.ts';
import { endpoint, recordErrorResponses, reply } from '../openapi.ts';

/* The agents a ticket may be assigned to. */

/** Zammad's standard "Agent" role id (users/search `role_ids[]=2`). */
const AGENT_ROLE_ID = 2;

const errors = recordErrorResponses();

const AgentSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string(),
    group_ids: z
      .array(z.number().int())
      .optional()
      .openapi({ description: 'Groups the agent has full access to (may own tickets there).' }),
  })
  .openapi('AgentRef');

const agents = createRoute({
  ...endpoint('get', '/bff/agent/agents', 'Agents, for assignment', agentsOnly),
  request: { query: z.object({ q: z.string().trim().max(100).optional() }) },
  responses: {
    200: reply('Agents', z.object({ items: z.array(AgentSchema) })),
    ...errors,
  },
});

export function agentRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(agents, async (c) => {
    const { q } = c.req.valid('query');
    const list = await c.get('upstream').GET('/users/search', {
      params: {
        query: { query: q || '*', role_ids: String(AGENT_ROLE_ID), limit: 100 },
      },
      expect: 'list',
    });
    return c.json(
      {
        items: list
          // Agents get full records; a reduced or label-only one gives what it has.
          .map((u): Partial<Schemas['User']> & { id: number } => ('label' in u ? { id: u.id } : u))
          .filter((u) => u.active !== false && u.id !== 1)
          .map((u) => ({
            id: u.id,
            name: `${u.firstname ?? ''} ${u.lastname ?? ''}`.trim() || u.email || u.login || `#${u.id}`,
            email: u.email ?? '',
            group_ids: Object.entries(u.group_ids ?? {})
              .filter(([, access]) => access.includes('full'))
              .map(([gid]) => Number(gid)),
          })),
      },
      200,
    );
  });

  return app;
}
