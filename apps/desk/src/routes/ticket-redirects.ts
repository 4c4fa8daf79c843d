import { Hono } from 'hono';
import { NotFoundError } from '../domain/errors.ts';
import { resendForward, takeOver } from '../domain/redirect/actions.ts';
import { loadRedirect, serializeRedirect } from '../domain/redirect/model.ts';
import { loadReadableTicket } from '../domain/ticket-access.ts';
import type { DeskEnv } from '../http/env.ts';
import { pathId } from '../http/input.ts';
import { reply } from '../http/reply.ts';

const MODEL = 'TicketRedirect';

/**
 * Ticket redirection (an EOSC extension, not a Zammad route; issue 16): where a ticket was
 * forwarded and how it went, for anyone who reads the ticket; re-send and take over for the
 * first line and admins (checked in domain/redirect/actions.ts).
 */
export function ticketRedirectRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/tickets/:id{[0-9]+}/redirect', async (c) => {
    const id = pathId(c.req.param('id'), 'Ticket');
    const db = c.get('db');
    await loadReadableTicket(db, c.get('actor'), id);
    const row = await loadRedirect(db, id);
    if (!row) throw new NotFoundError(MODEL, id, 'ticket_id');
    return reply(c, await serializeRedirect(db, row));
  });

  app.post('/tickets/:id{[0-9]+}/redirect/resend', async (c) => {
    const id = pathId(c.req.param('id'), 'Ticket');
    const db = c.get('db');
    const row = await db.tx((tx) => resendForward(tx, c.get('actor'), id));
    return reply(c, await serializeRedirect(db, row));
  });

  app.post('/tickets/:id{[0-9]+}/redirect/take_over', async (c) => {
    const id = pathId(c.req.param('id'), 'Ticket');
    const db = c.get('db');
    const row = await db.tx((tx) => takeOver(tx, c.get('actor'), id));
    return reply(c, await serializeRedirect(db, row));
  });

  return app;
}
