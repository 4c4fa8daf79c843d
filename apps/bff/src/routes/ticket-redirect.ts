import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { agentsOnly, signedIn } from '../middleware/session.ts';
import { endpoint, IdParam, recordErrorResponses, reply } from '../openapi.ts';

/*
 * Ticket redirection (issue 16): where a ticket about a `redirect` service was forwarded and how
 * it went (portal and agent view), and the first line's re-send and take-over (the helpdesk
 * checks who may). A helpdesk without redirection (a real Zammad) has none: `redirect: null`.
 */

const errors = recordErrorResponses('No such ticket');

const RedirectSchema = z
  .object({
    service: z.string(),
    service_name: z.string(),
    provider: z.string(),
    mailing_list: z.string(),
    status: z.enum(['forwarding', 'forwarded', 'failed', 'acknowledged', 'taken_over']),
    forwards: z.number().int(),
    forwarded_at: z.string().nullable(),
    delivery_status: z.string().nullable(),
    delivery_status_message: z.string().nullable(),
    ack_due_at: z.string(),
    alerted_at: z.string().nullable(),
    acknowledged_at: z.string().nullable(),
    ended_at: z.string().nullable(),
  })
  .openapi('TicketRedirect');

const Reply = z.object({ redirect: RedirectSchema.nullable() }).openapi('TicketRedirectReply');

const show = createRoute({
  ...endpoint('get', '/bff/tickets/{id}/redirect', 'Where the ticket was forwarded, or null', signedIn),
  request: { params: IdParam },
  responses: { 200: reply('The redirection', Reply), ...errors },
});

const resend = createRoute({
  ...endpoint('post', '/bff/agent/tickets/{id}/redirect/resend', agentsOnly),
  summary: "Send the request to the provider's list again (first line and admins)",
  request: { params: IdParam },
  responses: { 200: reply('The redirection, waiting again', Reply), ...errors },
});

const takeOver = createRoute({
  ...endpoint('post', '/bff/agent/tickets/{id}/redirect/take-over', agentsOnly),
  summary: 'End the redirection: the ticket goes back to the first line, open (first line and admins)',
  request: { params: IdParam },
  responses: { 200: reply('The ended redirection', Reply), ...errors },
});

const str = (v: string | null | undefined) => (v ? String(v) : null);

function shape(r: Schemas['TicketRedirect']): z.infer<typeof RedirectSchema> {
  return {
    service: r.service,
    service_name: r.service_name,
    provider: r.provider,
    mailing_list: r.mailing_list,
    status: r.status,
    forwards: r.forwards,
    forwarded_at: str(r.forwarded_at),
    delivery_status: r.delivery_status ?? null,
    delivery_status_message: r.delivery_status_message ?? null,
    ack_due_at: String(r.ack_due_at),
    alerted_at: str(r.alerted_at),
    acknowledged_at: str(r.acknowledged_at),
    ended_at: str(r.ended_at),
  };
}

export function ticketRedirectRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(show, async (c) => {
    const { id } = c.req.valid('param');
    const upstream = c.get('upstream');
    // The ticket first: a ticket the person may not read is 404/403 as everywhere else.
    await upstream.GET('/tickets/{id}', { params: { path: { id } } });
    try {
      const r = await upstream.GET('/tickets/{id}/redirect', { params: { path: { id } } });
      return c.json({ redirect: shape(r) }, 200);
    } catch (err) {
      if (err instanceof BffError && err.status === 404) return c.json({ redirect: null }, 200);
      throw err;
    }
  });

  app.openapi(resend, async (c) => {
    const { id } = c.req.valid('param');
    const r = await c.get('upstream').POST('/tickets/{id}/redirect/resend', { params: { path: { id } } });
    return c.json({ redirect: shape(r) }, 200);
  });

  app.openapi(takeOver, async (c) => {
    const { id } = c.req.valid('param');
    const r = await c.get('upstream').POST('/tickets/{id}/redirect/take_over', { params: { path: { id } } });
    return c.json({ redirect: shape(r) }, 200);
  });

  return app;
}
