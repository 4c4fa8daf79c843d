import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { can } from '../domain/actor.ts';
import { ticketAssets } from '../domain/assets.ts';
import { ForbiddenError } from '../domain/errors.ts';
import {
  loadReadableTicket,
  loadTicket,
  readableTicketPage,
  type TicketRow,
} from '../domain/ticket-access.ts';
import { serializeTickets, type TicketShape } from '../domain/ticket-shapes.ts';
import { createTicket } from '../domain/tickets/create.ts';
import { deleteTicket } from '../domain/tickets/delete.ts';
import { massUpdate } from '../domain/tickets/mass-update.ts';
import { mergeTickets } from '../domain/tickets/merge.ts';
import { updateTicket } from '../domain/tickets/update.ts';
import { ticketAll, ticketHistoryOf } from '../domain/tickets/zoom.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { flag, input, int, pageOf, parse, ref, shaped } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { list, toInt } from '../lib/casts.ts';
import { nestedArticle, TicketInput } from './ticket-inputs.ts';

export interface TicketRoutesOptions {
  systemId: number;
}

// Guards are per route: a sub-app's `use()` would also run for every other route mounted at '/'.
const agentOrCustomer = requirePermission(['ticket.agent', 'ticket.customer']);
const agent = requirePermission('ticket.agent');

/** The shape of one ticket: `expand` wins over `full`, then `all` (REFERENCE §2.4). */
const TicketShapeQuery = shaped({ all: flag });

/** Replies with one ticket in the requested shape; `fallback` is the plain one (bare on show). */
async function respondTicket(c: Context<DeskEnv>, t: TicketRow, fallback: TicketShape, status: 200 | 201) {
  const db = c.get('db');
  const actor = c.get('actor');
  const q = await input(c, TicketShapeQuery);
  if (q.shape === 'full') return reply(c, { id: t.id, assets: await ticketAssets(db, actor, [t]) }, status);
  if (q.shape === 'plain' && q.all) return reply(c, await ticketAll(db, actor, t), status);
  const [out] = await serializeTickets(db, actor, [t], q.shape === 'expand' ? 'expand' : fallback);
  return reply(c, out, status);
}

/** Ticket routes answer an uncastable id as a bad param (422), as Zammad's controllers do. */
const ticketId = (c: Context) => parse(int('id'), c.req.param('id'));

/** `ticket_ids` as an array, `ticket_ids[]` (form) or a comma list. */
const ticketIds = z.unknown().transform((raw, ctx) => {
  if (raw === undefined || raw === null) return undefined;
  const ids: number[] = [];
  for (const v of Array.isArray(raw) ? raw : list(String(raw))) {
    const n = toInt(v);
    if (n === undefined) {
      ctx.addIssue({ code: 'custom', message: `Invalid value for param 'ticket_ids': ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    ids.push(n);
  }
  return ids;
});

const MassUpdateInput = z
  .looseObject({ ticket_ids: ref, 'ticket_ids[]': ref, attributes: ref, article: nestedArticle })
  .transform((q, ctx) => {
    const ids = ticketIds.safeParse(q.ticket_ids ?? q['ticket_ids[]']);
    if (!ids.success) {
      for (const issue of ids.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return { ticketIds: ids.data, attributes: q.attributes, article: q.article };
  });

export function ticketRoutes(opts: TicketRoutesOptions) {
  const app = new Hono<DeskEnv>();

  app.get('/tickets', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await input(
      c,
      shaped({}).transform((v) => ({ ...v, ...pageOf(v, 100, 100) })),
    );
    const rows = await readableTicketPage(db, actor, q);
    if (q.shape === 'full')
      return reply(c, { record_ids: rows.map((r) => r.id), assets: await ticketAssets(db, actor, rows) });
    return reply(c, await serializeTickets(db, actor, rows, q.shape === 'expand' ? 'expand' : 'bare'));
  });

  app.get('/tickets/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const ticket = await loadReadableTicket(c.get('db'), c.get('actor'), ticketId(c));
    return respondTicket(c, ticket, 'bare', 200);
  });

  app.post('/tickets', agentOrCustomer, async (c) => {
    const body = await input(c, TicketInput);
    const ticket = await c
      .get('db')
      .tx((tx) => createTicket(tx, c.get('actor'), body, { systemId: opts.systemId }));
    return respondTicket(c, ticket, 'ids', 201);
  });

  app.put('/tickets/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const body = await input(c, TicketInput);
    const id = ticketId(c);
    const ticket = await c.get('db').tx((tx) => updateTicket(tx, c.get('actor'), id, body));
    return respondTicket(c, ticket, 'ids', 200);
  });

  app.delete('/tickets/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const ticket = await loadTicket(db, ticketId(c));
    if (!can(c.get('actor'), 'admin')) throw new ForbiddenError();
    await db.tx((tx) => deleteTicket(tx, ticket.id));
    // Zammad answers `head :ok`: 200 with an empty body.
    return c.body(null, 200);
  });

  app.route('/', ticketActionRoutes());
  return app;
}

/** What agents do to tickets beyond editing them: read the history, merge, update in bulk. */
function ticketActionRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/ticket_history/:id{[0-9]+}', agent, async (c) =>
    reply(c, await ticketHistoryOf(c.get('db'), c.get('actor'), ticketId(c))),
  );

  app.put('/ticket_merge/:source{[0-9]+}/:target', agent, async (c) => {
    const sourceId = parse(int('source_ticket_id'), c.req.param('source'));
    const target = c.req.param('target');
    return reply(c, await c.get('db').tx((tx) => mergeTickets(tx, c.get('actor'), sourceId, target)));
  });

  // Bulk actions of the agent inbox. Zammad guards this route by authentication only; access is
  // checked per ticket (agent change).
  app.post('/tickets/mass_update', async (c) => {
    const result = await massUpdate(c.get('db'), c.get('actor'), await input(c, MassUpdateInput));
    return reply(c, result.body, result.ok ? 200 : 422);
  });

  return app;
}
