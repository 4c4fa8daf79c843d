import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv, BffServices } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { referenceFor } from '../lib/request.ts';
import { loadTicket } from '../lib/ticket-queries.ts';
import { agentsOnly } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';
import { TicketSummarySchema } from '../schemas.ts';

/* Agents' changes to several tickets at once, and merging one ticket into another. */

const errors = recordErrorResponses();

const BulkBody = z
  .object({
    ticket_ids: z.array(z.number().int().positive()).min(1).max(500),
    owner_id: z.number().int().positive().nullable().optional().openapi({ description: 'null: unassign.' }),
    state_id: z.number().int().positive().optional(),
    priority_id: z.number().int().positive().optional(),
    group_id: z.number().int().positive().optional(),
    add_tags: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  })
  .refine(
    (b) =>
      b.owner_id !== undefined ||
      b.state_id !== undefined ||
      b.priority_id !== undefined ||
      b.group_id !== undefined ||
      (b.add_tags?.length ?? 0) > 0,
    'Change at least one field.',
  )
  .openapi('BulkUpdate');

const BulkReply = z.object({ items: z.array(TicketSummarySchema) }).openapi('BulkResult');

const MergeBody = z.object({ target_number: z.string().trim().min(1).max(50) }).openapi('TicketMerge');

const bulk = createRoute({
  ...endpoint('post', '/bff/agent/tickets/bulk', agentsOnly),
  summary: 'Change owner, state, priority or group of several tickets at once (all or nothing); add tags',
  request: { body: jsonBody(BulkBody) },
  responses: { 200: reply('The tickets as they are now', BulkReply), ...errors },
});

const merge = createRoute({
  ...endpoint('post', '/bff/agent/tickets/{id}/merge', agentsOnly),
  summary: 'Merge this ticket into the ticket with the given number',
  request: { params: IdParam, body: jsonBody(MergeBody) },
  responses: { 200: reply('The target ticket', TicketSummarySchema), ...errors },
});

/** Zammad's mass update refuses all or nothing, naming the ticket that could not be changed. */
function massUpdateRefused(err: BffError): BffError {
  const body = err.upstream?.body as { ticket_id?: number; error_human?: string } | undefined;
  return new BffError(
    422,
    'invalid',
    `Ticket ${body?.ticket_id ?? '?'} could not be changed${body?.error_human ? `: ${body.error_human}` : ''}; nothing was changed.`,
  );
}

export function ticketActionRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(bulk, async (c) => {
    const { ticket_ids, add_tags, owner_id, ...rest } = c.req.valid('json');
    const upstream = c.get('upstream');
    const attributes: Record<string, number> = {};
    for (const [k, v] of Object.entries(rest)) if (typeof v === 'number') attributes[k] = v;
    // Zammad's owner 1 (the system user) means unassigned.
    if (owner_id !== undefined) attributes.owner_id = owner_id ?? 1;
    if (Object.keys(attributes).length > 0) {
      await upstream.POST('/tickets/mass_update', { body: { ticket_ids, attributes } }).catch((err) => {
        throw err instanceof BffError && err.status === 422 ? massUpdateRefused(err) : err;
      });
    }
    for (const tag of add_tags ?? [])
      await Promise.all(
        ticket_ids.map((id) =>
          upstream.POST('/tags/add', { body: { object: 'Ticket', o_id: id, item: tag } }),
        ),
      );
    const ref = await referenceFor(c, services);
    const items = await Promise.all(
      ticket_ids.map(async (id) => (await loadTicket(upstream, ref, id)).ticket),
    );
    return c.json({ items }, 200);
  });

  app.openapi(merge, async (c) => {
    const { id } = c.req.valid('param');
    const { target_number } = c.req.valid('json');
    const upstream = c.get('upstream');
    const merged = await upstream.PUT('/ticket_merge/{source_ticket_id}/{target_ticket_number}', {
      params: { path: { source_ticket_id: id, target_ticket_number: target_number } },
    });
    // A refusal is still a 200 from the helpdesk, with a message.
    if (merged.result !== 'success')
      throw new BffError(422, 'invalid', merged.message ?? 'The tickets could not be merged.');
    const { ticket } = await loadTicket(upstream, await referenceFor(c, services), merged.target_ticket.id);
    return c.json(ticket, 200);
  });

  return app;
}
