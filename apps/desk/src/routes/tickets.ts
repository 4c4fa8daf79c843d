import type { Context } from 'hono';
import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, can, hasGroupAccess, isAgent } from '../domain/actor.ts';
import {
  type ArticleRow,
  createArticle,
  deleteArticle,
  mayDeleteArticle,
  serializeArticles,
  updateArticle,
} from '../domain/articles.ts';
import { type Assets, addAsset, articleAssets, ticketAssets, userAssets } from '../domain/assets.ts';
import { ticketHistory } from '../domain/history.ts';
import { listLinks } from '../domain/links.ts';
import { mergeTickets } from '../domain/merge.ts';
import { notifyTicketChange } from '../domain/notifications.ts';
import { listTags } from '../domain/tags.ts';
import {
  canCreateArticle,
  canRead,
  createTicket,
  deleteTicket,
  loadReadableTicket,
  loadTicket,
  readableScope,
  serializeTickets,
  type TicketRow,
  type TicketShape,
  updateTicket,
} from '../domain/tickets.ts';
import { ApiError, notAuthorized, notFound } from '../lib/errors.ts';
import { intParam, paging, params, reply, truthy } from '../lib/http.ts';

export interface TicketRoutesOptions {
  systemId: number;
}

const AGENT_OR_CUSTOMER = ['ticket.agent', 'ticket.customer'];
// Guards are per route: a sub-app's `use()` would also run for every other route mounted at '/'.
const agentOrCustomer = requirePermission(AGENT_OR_CUSTOMER);

/** Internal articles are for agents with read access to the ticket's group only. */
export function seesInternal(actor: Actor, t: TicketRow): boolean {
  return isAgent(actor) && hasGroupAccess(actor, t.group_id, 'read');
}

async function visibleArticles(db: Db, actor: Actor, t: TicketRow): Promise<ArticleRow[]> {
  const internalFilter = seesInternal(actor, t) ? '' : 'AND NOT internal';
  return db.query<ArticleRow>(
    `SELECT * FROM ticket_articles WHERE ticket_id = $1 ${internalFilter} ORDER BY id ASC`,
    [t.id],
  );
}

/** Links of a ticket, minus those to tickets the caller cannot see, with the linked tickets' assets. */
async function visibleLinks(db: Db, actor: Actor, ticketId: number, assets: Assets) {
  const links = await listLinks(db, 'Ticket', ticketId);
  const out = [];
  for (const l of links) {
    if (l.link_object !== 'Ticket') {
      out.push(l);
      continue;
    }
    const other = await one<TicketRow>(db, 'SELECT * FROM tickets WHERE id = $1', [l.link_object_value]);
    if (!other || !canRead(actor, other)) continue;
    await ticketAssets(db, actor, [other], assets);
    out.push(l);
  }
  return out;
}

/** `all=true`: everything the ticket zoom needs in one reply. */
async function ticketAll(db: Db, actor: Actor, t: TicketRow) {
  const assets = await ticketAssets(db, actor, [t]);
  const articles = await visibleArticles(db, actor, t);
  await articleAssets(db, actor, articles, assets);
  const mentions = await db.query<Record<string, unknown> & { id: number; user_id: number }>(
    `SELECT * FROM mentions WHERE mentionable_type = 'Ticket' AND mentionable_id = $1 ORDER BY id`,
    [t.id],
  );
  for (const m of mentions) addAsset(assets, 'Mention', m);
  await userAssets(
    db,
    actor,
    mentions.map((m) => m.user_id),
    assets,
  );
  const links = await visibleLinks(db, actor, t.id, assets);
  return {
    ticket_id: t.id,
    ticket_article_ids: articles.map((a) => a.id),
    assets,
    links,
    tags: await listTags(db, 'Ticket', t.id),
    mentions: mentions.map((m) => m.id),
    time_accountings: [],
    form_meta: {},
  };
}

/** Replies with one ticket in the requested shape: `expand` wins over `full`, then `all`. */
async function respondTicket(
  c: Context<DeskEnv>,
  t: TicketRow,
  q: Record<string, unknown>,
  fallback: TicketShape,
  status: 200 | 201,
): Promise<Response> {
  const db = c.get('db');
  const actor = c.get('actor');
  if (truthy(q.expand)) {
    const [out] = await serializeTickets(db, actor, [t], 'expand');
    return reply(c, out, status);
  }
  if (truthy(q.full)) return reply(c, { id: t.id, assets: await ticketAssets(db, actor, [t]) }, status);
  if (truthy(q.all)) return reply(c, await ticketAll(db, actor, t), status);
  const [out] = await serializeTickets(db, actor, [t], fallback);
  return reply(c, out, status);
}

export function ticketRoutes(opts: TicketRoutesOptions) {
  const app = new Hono<DeskEnv>();

  app.get('/tickets', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const { limit, offset } = paging(q, 100, 100);
    const scope = readableScope(actor);
    const rows = await db.query<TicketRow>(
      `SELECT t.* FROM tickets t WHERE ${scope.sql} ORDER BY t.id ASC LIMIT ${limit} OFFSET ${offset}`,
      scope.params,
    );
    if (!truthy(q.expand) && truthy(q.full)) {
      return reply(c, { record_ids: rows.map((r) => r.id), assets: await ticketAssets(db, actor, rows) });
    }
    return reply(c, await serializeTickets(db, actor, rows, truthy(q.expand) ? 'expand' : 'bare'));
  });

  app.get('/tickets/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const q = await params(c);
    const ticket = await loadReadableTicket(c.get('db'), c.get('actor'), intParam(c.req.param('id'), 'id'));
    return respondTicket(c, ticket, q, 'bare', 200);
  });

  app.post('/tickets', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const ticket = await db.tx((tx) => createTicket(tx, actor, q, { systemId: opts.systemId }));
    return respondTicket(c, ticket, q, 'ids', 201);
  });

  app.put('/tickets/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = intParam(c.req.param('id'), 'id');
    const ticket = await db.tx((tx) => updateTicket(tx, actor, id, q));
    return respondTicket(c, ticket, q, 'ids', 200);
  });

  app.delete('/tickets/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const ticket = await loadTicket(db, intParam(c.req.param('id'), 'id'));
    if (!can(actor, 'admin')) throw notAuthorized();
    await db.tx((tx) => deleteTicket(tx, ticket.id));
    // Zammad answers `head :ok`: 200 with an empty body.
    return c.body(null, 200);
  });

  app.get('/ticket_history/:id{[0-9]+}', requirePermission('ticket.agent'), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const ticket = await loadReadableTicket(db, actor, intParam(c.req.param('id'), 'id'));
    const history = await ticketHistory(db, ticket.id, {
      includeInternalArticles: seesInternal(actor, ticket),
    });
    const assets = await ticketAssets(db, actor, [ticket]);
    await userAssets(
      db,
      actor,
      history.map((h) => h.created_by_id),
      assets,
    );
    return reply(c, { history, assets });
  });

  app.put('/ticket_merge/:source{[0-9]+}/:target', requirePermission('ticket.agent'), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const sourceId = intParam(c.req.param('source'), 'source_ticket_id');
    const target = c.req.param('target');
    const result = await db.tx((tx) => mergeTickets(tx, actor, sourceId, target));
    return reply(c, result);
  });

  return app;
}

async function loadArticle(db: Db, id: number): Promise<ArticleRow> {
  const row = await one<ArticleRow>(db, 'SELECT * FROM ticket_articles WHERE id = $1', [id]);
  if (!row) throw notFound('Ticket::Article', id);
  return row;
}

/** An article and its ticket, when the caller may read both (internal ones need agent read). */
async function loadReadableArticle(db: Db, actor: Actor, id: number) {
  const article = await loadArticle(db, id);
  const ticket = await loadReadableTicket(db, actor, article.ticket_id);
  if (article.internal && !seesInternal(actor, ticket)) throw notAuthorized();
  return { article, ticket };
}

// Only these are shown inline; anything else (HTML, SVG, scripts...) is always a download.
const INLINE_SAFE = /^(image\/(png|jpe?g|gif|webp|bmp)|application\/pdf|text\/plain)$/i;

export function ticketArticleRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/ticket_articles', requirePermission('admin'), async (c) => {
    const db = c.get('db');
    const q = await params(c);
    const { limit, offset } = paging(q, 500, 1000);
    const rows = await db.query<ArticleRow>(
      `SELECT * FROM ticket_articles ORDER BY id ASC LIMIT ${limit} OFFSET ${offset}`,
    );
    return reply(c, await serializeArticles(db, rows));
  });

  app.get('/ticket_articles/by_ticket/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor: Actor = c.get('actor');
    const q = await params(c);
    const ticket = await loadReadableTicket(db, actor, intParam(c.req.param('id'), 'id'));
    const rows = await visibleArticles(db, actor, ticket);
    if (!truthy(q.expand) && truthy(q.full)) {
      return reply(c, { record_ids: rows.map((r) => r.id), assets: await articleAssets(db, actor, rows) });
    }
    return reply(c, await serializeArticles(db, rows));
  });

  app.get('/ticket_articles/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const { article } = await loadReadableArticle(db, actor, intParam(c.req.param('id'), 'id'));
    if (!truthy(q.expand) && truthy(q.full)) {
      return reply(c, { id: article.id, assets: await articleAssets(db, actor, [article]) });
    }
    const [out] = await serializeArticles(db, [article]);
    return reply(c, out);
  });

  app.post('/ticket_articles', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    if (q.ticket_id === undefined || q.ticket_id === null || q.ticket_id === '')
      throw new ApiError(404, "Couldn't find Ticket without an ID");
    const ticketId = intParam(q.ticket_id, 'ticket_id');
    const article = await db.tx(async (tx) => {
      const ticket = await loadTicket(tx, ticketId);
      if (!canCreateArticle(actor, ticket)) throw notAuthorized();
      const created = await createArticle(tx, actor, ticket, q);
      await notifyTicketChange(tx, actor, await loadTicket(tx, ticket.id), 'update', canRead);
      return created;
    });
    const [out] = await serializeArticles(db, [await loadArticle(db, article.id)]);
    return reply(c, out, 201);
  });

  app.put('/ticket_articles/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const { article, ticket } = await loadReadableArticle(db, actor, intParam(c.req.param('id'), 'id'));
    if (!(isAgent(actor) && hasGroupAccess(actor, ticket.group_id, 'change'))) throw notAuthorized();
    const updated = await db.tx((tx) => updateArticle(tx, actor, article, q));
    const [out] = await serializeArticles(db, [updated]);
    return reply(c, out);
  });

  app.delete('/ticket_articles/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const { article } = await loadReadableArticle(db, actor, intParam(c.req.param('id'), 'id'));
    if (!(await mayDeleteArticle(db, actor, article))) throw notAuthorized();
    await db.tx((tx) => deleteArticle(tx, actor, article));
    return reply(c, {});
  });

  app.get('/ticket_attachment/:ticket{[0-9]+}/:article{[0-9]+}/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const ticket = await loadReadableTicket(db, actor, intParam(c.req.param('ticket'), 'ticket_id'));
    const article = await loadArticle(db, intParam(c.req.param('article'), 'article_id'));
    if (article.ticket_id !== ticket.id) throw notAuthorized();
    if (article.internal && !seesInternal(actor, ticket)) throw notAuthorized();
    const id = intParam(c.req.param('id'), 'id');
    const att = await one<{
      o_id: number;
      object: string;
      filename: string;
      preferences: Record<string, unknown>;
      data: Uint8Array;
    }>(
      db,
      `SELECT a.o_id, a.object, a.filename, a.preferences, f.data FROM attachments a
           JOIN store_files f ON f.id = a.store_file_id WHERE a.id = $1`,
      [id],
    );
    if (!att) throw notFound('Store', id);
    if (att.object !== 'Ticket::Article' || att.o_id !== article.id) throw notAuthorized();
    const requested = typeof q.disposition === 'string' ? q.disposition : 'inline';
    if (requested !== 'inline' && requested !== 'attachment') {
      throw new ApiError(
        403,
        `Invalid disposition ${requested} requested. Only inline, attachment are valid.`,
      );
    }
    const contentType = String(
      att.preferences['Content-Type'] ?? att.preferences['Mime-Type'] ?? 'application/octet-stream',
    );
    const mime = contentType.split(';')[0]?.trim() ?? '';
    const disposition = requested === 'inline' && INLINE_SAFE.test(mime) ? 'inline' : 'attachment';
    const encoded = encodeURIComponent(att.filename);
    const ascii = att.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return c.body(new Uint8Array(att.data), 200, {
      'Content-Type': contentType,
      'Content-Disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
    });
  });

  return app;
}
