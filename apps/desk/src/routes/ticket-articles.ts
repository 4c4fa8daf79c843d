import { Hono } from 'hono';
import { z } from 'zod';
import { hasGroupAccess, isAgent } from '../domain/actor.ts';
import { serializeArticles } from '../domain/article-shapes.ts';
import {
  allArticles,
  deleteArticle,
  loadArticle,
  loadReadableArticle,
  mayDeleteArticle,
  updateArticle,
  visibleArticles,
} from '../domain/articles/change.ts';
import { createArticle } from '../domain/articles/create.ts';
import { articleAssets } from '../domain/assets.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { ticketChanged } from '../domain/events/ticket-changed.ts';
import { recomputeEscalations } from '../domain/sla/recompute.ts';
import { canCreateArticle, loadReadableTicket, loadTicket } from '../domain/ticket-access.ts';
import { assertFollowUp } from '../domain/tickets/rules.ts';
import { articleAttachment } from '../domain/tickets/zoom.ts';
import { requirePermission } from '../http/auth.ts';
import { dispositionOf, download } from '../http/download.ts';
import type { DeskEnv } from '../http/env.ts';
import { input, int, pageOf, parse, ref, ShapeQuery } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { ArticleInput } from './ticket-inputs.ts';

const agentOrCustomer = requirePermission(['ticket.agent', 'ticket.customer']);
const pathInt = (raw: string | undefined, name: string) => parse(int(name), raw);

/** Reading articles and their attachments. */
function articleReadRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/ticket_articles', requirePermission('admin'), async (c) => {
    const db = c.get('db');
    const rows = await allArticles(db, pageOf(await input(c, z.looseObject({})), 500, 1000));
    return reply(c, await serializeArticles(db, rows));
  });

  app.get('/ticket_articles/by_ticket/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const { shape } = await input(c, ShapeQuery);
    const ticket = await loadReadableTicket(db, actor, pathInt(c.req.param('id'), 'id'));
    const rows = await visibleArticles(db, actor, ticket);
    if (shape === 'full')
      return reply(c, { record_ids: rows.map((r) => r.id), assets: await articleAssets(db, actor, rows) });
    return reply(c, await serializeArticles(db, rows));
  });

  app.get('/ticket_articles/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const { shape } = await input(c, ShapeQuery);
    const { article } = await loadReadableArticle(db, actor, pathInt(c.req.param('id'), 'id'));
    if (shape === 'full')
      return reply(c, { id: article.id, assets: await articleAssets(db, actor, [article]) });
    return reply(c, (await serializeArticles(db, [article]))[0]);
  });

  app.get('/ticket_attachment/:ticket{[0-9]+}/:article{[0-9]+}/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const { disposition } = await input(c, z.looseObject({ disposition: ref }));
    const att = await articleAttachment(c.get('db'), c.get('actor'), {
      ticket: pathInt(c.req.param('ticket'), 'ticket_id'),
      article: pathInt(c.req.param('article'), 'article_id'),
      attachment: pathInt(c.req.param('id'), 'id'),
    });
    return download(c, att, dispositionOf(disposition));
  });

  return app;
}

/** Writing articles: customers and agents on tickets they may write to. */
function articleWriteRoutes() {
  const app = new Hono<DeskEnv>();

  app.post('/ticket_articles', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const body = await input(c, ArticleInput.extend({ ticket_id: ref }));
    // A new article names its ticket; without one, Zammad's RecordNotFound.
    if (body.ticket_id === undefined || body.ticket_id === null || body.ticket_id === '')
      throw new NotFoundError('Ticket');
    const ticketId = parse(int('ticket_id'), body.ticket_id);
    const article = await db.tx(async (tx) => {
      const ticket = await loadTicket(tx, ticketId);
      if (!canCreateArticle(actor, ticket)) throw new ForbiddenError();
      // Zammad leaves this route out of the follow-up rule (only its e-mail channel checks); here
      // it holds as on PUT /tickets, or a customer could write on a ticket closed for good.
      await assertFollowUp(tx, actor, ticket);
      const created = await createArticle(tx, actor, ticket, body);
      await recomputeEscalations(tx, [ticket.id]);
      await ticketChanged(tx, {
        type: 'update',
        actor,
        ticket: await loadTicket(tx, ticket.id),
        before: ticket,
        article: created,
        source: 'api',
      });
      return created;
    });
    return reply(c, (await serializeArticles(db, [await loadArticle(db, article.id)]))[0], 201);
  });

  app.put('/ticket_articles/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const body = await input(c, ArticleInput);
    const { article, ticket } = await loadReadableArticle(db, actor, pathInt(c.req.param('id'), 'id'));
    if (!(isAgent(actor) && hasGroupAccess(actor, ticket.group_id, 'change'))) throw new ForbiddenError();
    const updated = await db.tx((tx) => updateArticle(tx, actor, article, body));
    return reply(c, (await serializeArticles(db, [updated]))[0]);
  });

  app.delete('/ticket_articles/:id{[0-9]+}', agentOrCustomer, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const { article } = await loadReadableArticle(db, actor, pathInt(c.req.param('id'), 'id'));
    if (!(await mayDeleteArticle(db, actor, article))) throw new ForbiddenError();
    await db.tx((tx) => deleteArticle(tx, actor, article));
    return reply(c, {});
  });

  return app;
}

/** Ticket articles (REFERENCE §3.2) and their attachment downloads. */
export function ticketArticleRoutes() {
  const app = new Hono<DeskEnv>();
  app.route('/', articleReadRoutes());
  app.route('/', articleWriteRoutes());
  return app;
}
