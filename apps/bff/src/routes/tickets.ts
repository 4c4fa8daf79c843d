import { type Ticket, type TicketArticle, unwrap } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { requireSession } from '../middleware/session.ts';
import {
  ArticleSchema,
  ErrorSchema,
  type TicketSummary,
  TicketSummarySchema,
  ticketErrorResponses,
} from '../schemas.ts';

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

export function summarize(t: Ticket): TicketSummary {
  return {
    id: t.id,
    number: t.number,
    title: t.title,
    state: t.state ?? String(t.state_id),
    priority: t.priority ?? String(t.priority_id),
    group: t.group ?? String(t.group_id),
    customer: t.customer_id ? { id: t.customer_id, name: t.customer ?? String(t.customer_id) } : null,
    owner: t.owner_id && t.owner_id !== 1 ? { id: t.owner_id, name: t.owner ?? String(t.owner_id) } : null,
    article_count: t.article_count,
    created_at: t.created_at,
    updated_at: t.updated_at,
  };
}

function article(a: TicketArticle): z.infer<typeof ArticleSchema> {
  return {
    id: a.id,
    from: a.from ?? '',
    body: a.body,
    content_type: a.content_type === 'text/html' ? 'text/html' : 'text/plain',
    internal: a.internal,
    sender: a.sender,
    created_at: a.created_at,
  };
}

const ListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(25),
});

const ListReply = z
  .object({
    items: z.array(TicketSummarySchema),
    page: z.number().int(),
    per_page: z.number().int(),
    has_more: z.boolean(),
  })
  .openapi('TicketList');

const CreateBody = z
  .object({
    title: z.string().trim().min(1, 'Give the ticket a title.').max(200),
    body: z.string().trim().min(1, 'Describe the problem or request.').max(100_000),
    group: z.string().min(1).max(255).optional(),
  })
  .openapi('TicketCreate');

const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const TicketDetail = z
  .object({ ticket: TicketSummarySchema, articles: z.array(ArticleSchema) })
  .openapi('TicketDetail');

const list = createRoute({
  method: 'get',
  path: '/bff/tickets',
  summary: 'Tickets the signed-in person can see',
  middleware: [requireSession] as const,
  request: { query: ListQuery },
  responses: { 200: { description: 'A page of tickets', content: json(ListReply) }, ...ticketErrorResponses },
});

const create = createRoute({
  method: 'post',
  path: '/bff/tickets',
  summary: 'Open a ticket with its first message',
  middleware: [requireSession] as const,
  request: { body: { content: json(CreateBody), required: true } },
  responses: {
    201: { description: 'The new ticket', content: json(TicketSummarySchema) },
    422: { description: 'Refused by the helpdesk', content: json(ErrorSchema) },
    ...ticketErrorResponses,
  },
});

const show = createRoute({
  method: 'get',
  path: '/bff/tickets/{id}',
  summary: 'One ticket with the articles the person may see',
  middleware: [requireSession] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The ticket and its conversation', content: json(TicketDetail) },
    404: { description: 'No such ticket', content: json(ErrorSchema) },
    ...ticketErrorResponses,
  },
});

export function ticketRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => {
    const { page, per_page } = c.req.valid('query');
    const rows = unwrap(
      await c.get('upstream').GET('/tickets', { params: { query: { expand: 'true', page, per_page } } }),
    );
    return c.json({ items: rows.map(summarize), page, per_page, has_more: rows.length === per_page }, 200);
  });

  app.openapi(create, async (c) => {
    const input = c.req.valid('json');
    const ticket = unwrap(
      await c.get('upstream').POST('/tickets', {
        params: { query: { expand: 'true' } },
        body: {
          title: input.title,
          group: input.group ?? 'Users',
          article: { subject: input.title, body: input.body, type: 'web', content_type: 'text/plain' },
        },
      }),
    );
    return c.json(summarize(ticket), 201);
  });

  app.openapi(show, async (c) => {
    const { id } = c.req.valid('param');
    const upstream = c.get('upstream');
    const [ticket, articles] = await Promise.all([
      upstream.GET('/tickets/{id}', { params: { path: { id }, query: { expand: 'true' } } }).then(unwrap),
      upstream.GET('/ticket_articles/by_ticket/{id}', { params: { path: { id } } }).then(unwrap),
    ]);
    return c.json({ ticket: summarize(ticket), articles: articles.map(article) }, 200);
  });

  return app;
}
