import { z } from 'zod';
import { OVERVIEW_TICKET_LIMIT, overviewCounts, overviewPage } from '../domain/overview-tickets.ts';
import { OVERVIEWS, searchOverviews, setPrios } from '../domain/overviews.ts';
import { requirePermission } from '../http/auth.ts';
import { bool, input, jsonObject, pageOf, ref, searchQuery } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { listBody, resourceRoutes } from '../http/resource.ts';

const ADMIN = 'admin.overview';

const OverviewInput = z.looseObject({
  condition: jsonObject('condition'),
  order: jsonObject('order'),
  view: jsonObject('view'),
  organization_shared: bool,
  out_of_office: bool,
  active: bool,
  role_ids: ref,
  roles: ref,
  user_ids: ref,
  users: ref,
});

/**
 * `/ticket_overviews?view=<link>`: `order_by` is a column here (as in Zammad's GraphQL overview
 * query); a bare asc/desc in `order_by` (REST index style, with `sort_by` the column) is
 * accepted too.
 */
const OverviewPageQuery = z
  .looseObject({ view: ref, order_by: ref, sort_by: ref, order_direction: ref })
  .transform((q) => {
    const ob = typeof q.order_by === 'string' ? q.order_by : undefined;
    const obIsDirection = ob !== undefined && /^(asc|desc)$/i.test(ob);
    const orderBy = obIsDirection ? q.sort_by : (ob ?? q.sort_by);
    const orderDirection =
      typeof q.order_direction === 'string' ? q.order_direction : obIsDirection ? ob : undefined;
    return {
      view: typeof q.view === 'string' ? q.view : '',
      ...pageOf(q, OVERVIEW_TICKET_LIMIT, OVERVIEW_TICKET_LIMIT),
      ...(typeof orderBy === 'string' ? { orderBy } : {}),
      ...(orderDirection !== undefined ? { orderDirection } : {}),
    };
  });

export function overviewsRoutes() {
  const admin = requirePermission(ADMIN);
  const app = resourceRoutes({
    ...OVERVIEWS,
    path: 'overviews',
    permissions: { read: ADMIN, write: ADMIN },
    input: OverviewInput,
  });

  app.get('/overviews/search', admin, async (c) => {
    const db = c.get('db');
    const q = await input(c, searchQuery());
    const rows = await searchOverviews(db, q.text, q);
    return reply(c, await listBody(OVERVIEWS, db, c.get('actor'), rows, q.shape));
  });

  app.post('/overviews_prio', admin, async (c) => {
    const { prios } = await input(c, z.looseObject({ prios: ref }));
    await c.get('db').tx((tx) => setPrios(tx, prios));
    return reply(c, { success: true });
  });

  // What an agent or customer uses: every usable overview with its count, or one overview's page.
  app.get('/ticket_overviews', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await input(c, OverviewPageQuery);
    if (q.view === '') return reply(c, await overviewCounts(db, actor));
    return reply(c, await overviewPage(db, actor, q.view, q));
  });

  return app;
}
