import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type BffEnv, type BffServices, helpdeskOf } from '../context.ts';
import { POLL_WINDOW } from '../lib/live.ts';
import { sessionOf } from '../lib/request.ts';
import { eventStream } from '../lib/sse.ts';
import { requireSession } from '../middleware/session.ts';
import { ErrorSchema, json } from '../openapi.ts';

export function eventsRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();
  const pollSeconds = services.live.intervalMs / 1000;

  const events = createRoute({
    method: 'get',
    path: '/bff/events',
    summary: 'Live updates (Server-Sent Events): which tickets the person can see have changed',
    description: [
      `Polls the upstream every ${pollSeconds} s per signed-in person (one poller shared by all`,
      `their tabs), acting as that person: \`GET /tickets/search?query=*&sort_by=updated_at&order_by=desc&per_page=${POLL_WINDOW}\`,`,
      'and compares `updated_at` with the previous poll, so a change shows within about',
      `${pollSeconds} s (plus the upstream's own search delay). Events:`,
      '`ready` `{poll_interval_ms}` on connect; `tickets` `{ids, at}` when tickets changed or appeared',
      '(refetch those tickets and lists); `upstream_error` `{code, error}` once when polling starts failing.',
      'A `: ping` comment every 15 s keeps proxies from closing the stream. The stream ends when the',
      'session would go idle; the browser reconnects by itself and gets 401 once the session is gone.',
      'Only ids are sent: the data itself is fetched through the other routes, with their checks.',
    ].join(' '),
    middleware: [requireSession] as const,
    responses: {
      200: {
        description: 'An event stream',
        content: { 'text/event-stream': { schema: z.string() } },
      },
      401: { description: 'Not signed in', content: json(ErrorSchema) },
    },
  });

  app.openapi(events, (c) => {
    const s = sessionOf(c);
    const deps = c.get('deps');
    const upstream = c.get('upstream');
    return eventStream(c, async (stream) => {
      await stream.writeSSE({
        event: 'ready',
        data: JSON.stringify({ poll_interval_ms: services.live.intervalMs }),
        retry: 5000,
      });
      return services.live.subscribe(
        `${helpdeskOf(deps)}\n${s.uid}`,
        () => upstream,
        (e) => {
          void stream.writeSSE({ event: e.type, data: JSON.stringify(e.data) });
        },
        { agent: s.is_agent },
      );
    }) as never;
  });

  return app;
}
