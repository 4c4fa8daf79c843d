import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffEnv, BffServices } from '../context.ts';
import { sessionOf } from '../lib/request.ts';
import { eventStream } from '../lib/sse.ts';
import { agentsOnly } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';

/* Who else is on a ticket (viewing or typing), in the BFF's state (memory, or PostgreSQL shared by all BFF processes): agents only. */

const errors = recordErrorResponses();

const ViewerSchema = z
  .object({
    user_id: z.number().int(),
    name: z.string(),
    state: z.enum(['viewing', 'typing']),
    since: z.string(),
  })
  .openapi('TicketViewer');
const PresenceBody = z
  .object({
    state: z.enum(['viewing', 'typing', 'left']),
    client: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .default('default')
      .openapi({ description: 'The browser tab, so one person with two tabs counts once.' }),
  })
  .openapi('TicketPresence');
const PresenceReply = z
  .object({ viewers: z.array(ViewerSchema).openapi({ description: 'Everyone else; never you.' }) })
  .openapi('TicketViewers');

const presence = createRoute({
  ...endpoint('post', '/bff/agent/tickets/{id}/presence', agentsOnly),
  summary: 'Heartbeat: I am viewing or typing on this ticket (every ~15 s), or I left',
  description:
    'Kept by the BFF (in its memory, or with BFF_DATABASE_URL in PostgreSQL, seen by every BFF process), not upstream. An entry expires 40 s after its last heartbeat. The reply lists the other agents on the ticket.',
  request: { params: IdParam, body: jsonBody(PresenceBody) },
  responses: { 200: reply('The others', PresenceReply), ...errors },
});

const presenceEvents = createRoute({
  ...endpoint('get', '/bff/agent/tickets/{id}/presence/events', agentsOnly),
  summary: 'Who else is on this ticket, live (Server-Sent Events)',
  description:
    '`presence` `{ticket_id, viewers}` on connect and whenever the other agents on the ticket change (viewing, typing, gone); a `: ping` comment every 15 s.',
  request: { params: IdParam },
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errors,
  },
});

const ACCESS_TTL_MS = 5 * 60_000;

export function presenceRoutes(services: BffServices) {
  const registry = services.presence;
  const app = new OpenAPIHono<BffEnv>();
  /** `uid:ticket` → until when the person's read access was confirmed upstream. */
  const access = new Map<string, number>();

  /** Presence shows names: only for tickets the person can read upstream (checked, then cached). */
  async function checkAccess(c: Context<BffEnv>, uid: number, id: number): Promise<void> {
    const key = `${uid}:${id}`;
    if ((access.get(key) ?? 0) > Date.now()) return;
    await c.get('upstream').GET('/tickets/{id}', { params: { path: { id } } });
    if (access.size > 10_000) access.clear();
    access.set(key, Date.now() + ACCESS_TTL_MS);
  }

  app.openapi(presence, async (c) => {
    const { id } = c.req.valid('param');
    const { state, client } = c.req.valid('json');
    const s = sessionOf(c);
    if (state !== 'left') await checkAccess(c, s.uid, id);
    const name = `${s.firstname} ${s.lastname}`.trim() || s.email || s.login;
    return c.json({ viewers: await registry.update(id, { id: s.uid, name }, client, state) }, 200);
  });

  app.openapi(presenceEvents, async (c) => {
    const { id } = c.req.valid('param');
    const s = sessionOf(c);
    await checkAccess(c, s.uid, id);
    return eventStream(c, (stream) =>
      registry.subscribe(id, s.uid, (viewers) => {
        void stream.writeSSE({
          event: 'presence',
          data: JSON.stringify({ ticket_id: id, viewers }),
          retry: 5000,
        });
      }),
    ) as never;
  });

  return app;
}
