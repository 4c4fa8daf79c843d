import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffEnv, BffServices } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import {
  ALL_TICKETS,
  combinedCondition,
  filterConditions,
  needsWarningField,
  OverviewDefinitions,
  OverviewFilterQuery,
  searchOrder,
} from '../lib/overview-filter.ts';
import { referenceFor } from '../lib/request.ts';
import { Resolver } from '../lib/resolve.ts';
import { searchFull, ticketsOf } from '../lib/ticket-queries.ts';
import { agentsOnly } from '../middleware/session.ts';
import { endpoint, recordErrorResponses, reply } from '../openapi.ts';
import { TicketSummarySchema } from '../schemas.ts';
import { upstreamFor } from '../upstream.ts';

/* The agent's overviews (the inbox's lists): their counts and their pages, filtered. */

const errors = recordErrorResponses();

const OverviewSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    link: z.string(),
    prio: z.number().int(),
    count: z.number().int(),
  })
  .openapi('Overview');

const SORTABLE = [
  'number',
  'title',
  'created_at',
  'updated_at',
  'state_id',
  'priority_id',
  'group_id',
  'owner_id',
  'customer_id',
  'escalation_at',
] as const;

const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(100),
  sort_by: z.enum(SORTABLE).optional().openapi({ description: "Default: the overview's own order." }),
  order: z.enum(['asc', 'desc']).optional(),
});

const OverviewPageReply = z
  .object({
    overview: z.object({ id: z.number().int(), name: z.string(), link: z.string() }),
    items: z.array(TicketSummarySchema),
    page: z.number().int(),
    per_page: z.number().int(),
    total_count: z.number().int(),
  })
  .openapi('OverviewPage');

const overviews = createRoute({
  ...endpoint('get', '/bff/agent/overviews', agentsOnly),
  summary: "The agent's overviews with their counts (one upstream call)",
  responses: {
    200: reply('Overviews', z.object({ items: z.array(OverviewSchema) })),
    ...errors,
  },
});

const overviewPage = createRoute({
  ...endpoint('get', '/bff/agent/overviews/{link}', agentsOnly),
  summary: "One page of an overview's tickets, sorted server-side, names resolved (one upstream call)",
  request: {
    params: z.object({
      link: z
        .string()
        .regex(/^[a-z0-9_]+$/)
        .openapi({ param: { name: 'link', in: 'path' } }),
    }),
    query: PageQuery.extend(OverviewFilterQuery.shape),
  },
  description:
    "With filters, one ticket search for the overview's condition AND the filters (at most 200 per page; `per_page` in the reply says how many). The link `all` is every ticket the person may read, in any state (no Zammad overview): one search with the filters alone.",
  responses: { 200: reply('A page', OverviewPageReply), ...errors },
});

/**
 * One page of an overview as the person sees it (`GET /ticket_overviews?view=`); 404 when the
 * overview is not theirs.
 */
async function viewOf(c: Context<BffEnv>, query: Record<string, string | number>) {
  const res = await c
    .get('upstream')
    .GET('/ticket_overviews', { params: { query }, expect: 'TicketOverviewPage' });
  const ov = res.index.overview;
  if (!ov) throw new BffError(404, 'not_found', 'No such overview.');
  const tickets = (res.index.tickets ?? []).flatMap((t) => res.assets.Ticket?.[String(t.id)] ?? []);
  return {
    overview: { id: ov.id, name: ov.name, link: ov.view },
    assets: res.assets,
    tickets,
    count: res.index.count,
  };
}

export function overviewRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();
  const definitions = new OverviewDefinitions();

  app.openapi(overviews, async (c) => {
    const list = await c.get('upstream').GET('/ticket_overviews', { expect: 'list' });
    return c.json(
      {
        items: list
          .map((o) => ({ id: o.id, name: o.name, link: o.link, prio: o.prio ?? 0, count: o.count }))
          .sort((a, b) => a.prio - b.prio),
      },
      200,
    );
  });

  app.openapi(overviewPage, async (c) => {
    const { link } = c.req.valid('param');
    const { page, per_page, sort_by, order, ...filters } = c.req.valid('query');
    const conditions = filterConditions(filters);
    const all = link === ALL_TICKETS.link;
    if (conditions.length > 0 || all) {
      const upstream = c.get('upstream');
      const perPage = Math.min(per_page, 200);
      // The person's own view of the overview (404 when it is not theirs) and its definition,
      // read with the service token, since agents cannot read overview conditions.
      const [ref, own, def] = await Promise.all([
        referenceFor(c, services),
        all
          ? { overview: { id: 0, name: ALL_TICKETS.name, link: ALL_TICKETS.link } }
          : viewOf(c, { view: link, page: 1, per_page: 1 }),
        all
          ? { condition: {}, ...ALL_TICKETS }
          : definitions.get(upstreamFor(c.get('deps'), undefined), link),
      ]);
      const list = await searchFull(upstream, {
        query: '*',
        condition: combinedCondition(def.condition ?? {}, conditions),
        ...searchOrder(def, sort_by, order),
        page,
        per_page: perPage,
      }).catch((err) => {
        if (!(err instanceof BffError && err.status === 422)) throw err;
        if (needsWarningField(filters))
          throw new BffError(
            422,
            'invalid',
            'This helpdesk has no escalation warnings (a Zammad without the EOSC extension): filter by “breached” or “none” instead.',
            {},
            { cause: err },
          );
        if (filters.first_response?.length)
          throw new BffError(
            422,
            'invalid',
            'This helpdesk cannot filter by first-response status (a Zammad without the EOSC extension).',
            {},
            { cause: err },
          );
        throw err;
      });
      const resolver = new Resolver(ref, list.assets);
      const items = ticketsOf(list).map((t) => resolver.ticket(t));
      const total_count = list.total_count ?? items.length;
      return c.json({ overview: own.overview, items, page, per_page: perPage, total_count }, 200);
    }
    const [ref, res] = await Promise.all([
      referenceFor(c, services),
      viewOf(c, {
        view: link,
        page,
        per_page,
        ...(sort_by ? { order_by: sort_by } : {}),
        ...(order ? { order_direction: order.toUpperCase() } : {}),
      }),
    ]);
    const resolver = new Resolver(ref, res.assets);
    const items = res.tickets.map((t) => resolver.ticket(t));
    const total_count = res.count ?? items.length;
    return c.json({ overview: res.overview, items, page, per_page, total_count }, 200);
  });

  return app;
}
