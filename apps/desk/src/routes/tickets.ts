import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import { type Actor, isAgent } from '../domain/actor.ts';
import { serializeArticles } from '../domain/articles.ts';
import {
  createTicket,
  loadReadableTicket,
  readableScope,
  serializeTickets,
  type TicketRow,
  type TicketShape,
} from '../domain/tickets.ts';
import { intParam, paging, params, reply, truthy } from '../lib/http.ts';

export interface TicketRoutesOptions {
  systemId: number;
}

const AGENT_OR_CUSTOMER = ['ticket.agent', 'ticket.customer'];

function shapeOf(q: Record<string, unknown>, fallback: TicketShape): TicketShape {
  return truthy(q.expand) ? 'expand' : fallback;
}

export function ticketRoutes(opts: TicketRoutesOptions) {
  const app = new Hono<DeskEnv>();
  app.use(requirePermission(AGENT_OR_CUSTOMER));

  app.get('/tickets', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const { limit, offset } = paging(q, 100, 100);
    const scope = readableScope(actor);
    const rows = await db.query<TicketRow>(
      `SELECT t.* FROM tickets t WHERE ${scope.sql} ORDER BY t.id ASC LIMIT ${limit} OFFSET ${offset}`,
      scope.params,
    );
    return reply(c, await serializeTickets(db, actor, rows, shapeOf(q, 'bare')));
  });

  app.get('/tickets/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const ticket = await loadReadableTicket(db, actor, intParam(c.req.param('id'), 'id'));
    const [out] = await serializeTickets(db, actor, [ticket], shapeOf(q, 'bare'));
    return reply(c, out);
  });

  app.post('/tickets', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const ticket = await db.tx((tx) => createTicket(tx, actor, q, { systemId: opts.systemId }));
    const [out] = await serializeTickets(db, actor, [ticket], shapeOf(q, 'ids'));
    return reply(c, out, 201);
  });

  return app;
}

export function ticketArticleRoutes() {
  const app = new Hono<DeskEnv>();
  app.use(requirePermission(AGENT_OR_CUSTOMER));

  app.get('/ticket_articles/by_ticket/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const actor: Actor = c.get('actor');
    const ticket = await loadReadableTicket(db, actor, intParam(c.req.param('id'), 'id'));
    const internalFilter = isAgent(actor) ? '' : 'AND NOT internal';
    const rows = await db.query<Parameters<typeof serializeArticles>[1][number]>(
      `SELECT * FROM ticket_articles WHERE ticket_id = $1 ${internalFilter} ORDER BY id ASC`,
      [ticket.id],
    );
    return reply(c, await serializeArticles(db, rows));
  });

  return app;
}
