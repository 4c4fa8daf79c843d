import { HttpResponse, http } from 'msw';
import { db } from './db';
import { buildArticle } from './factories';
import { bffError } from './handlers';

type Sortable = Record<string, string | number | null>;

export const REFERENCE = {
  states: [
    { id: 1, name: 'new', state_type: 'new', active: true },
    { id: 2, name: 'open', state_type: 'open', active: true },
    { id: 4, name: 'closed', state_type: 'closed', active: true },
  ],
  priorities: [
    { id: 1, name: '1 low', active: true, default_create: false },
    { id: 2, name: '2 normal', active: true, default_create: true },
    { id: 3, name: '3 high', active: true, default_create: false },
  ],
  groups: [{ id: 1, name: 'Users', active: true }],
} as const;

/** The agent inbox part of the fake BFF: one overview ("all_open") holding every ticket. */
export const agentHandlers = [
  http.get('/bff/agent/overviews', () => {
    if (!db.sessionUser) return bffError(401, 'unauthenticated', 'Not signed in.');
    return HttpResponse.json({
      items: [
        { id: 1, name: 'Open Tickets', link: 'all_open', prio: 1, count: db.tickets.length },
        { id: 2, name: 'My Assigned Tickets', link: 'my_assigned', prio: 2, count: 0 },
      ],
    });
  }),

  http.get('/bff/agent/overviews/:link', ({ params, request }) => {
    const url = new URL(request.url);
    const page = Number(url.searchParams.get('page') ?? '1');
    const perPage = Number(url.searchParams.get('per_page') ?? '100');
    const by = url.searchParams.get('sort_by') ?? 'id';
    const dir = url.searchParams.get('order') === 'desc' ? -1 : 1;
    const all = params.link === 'all_open' ? [...db.tickets] : [];
    all.sort((a, b) => {
      const x = (a as unknown as Sortable)[by] ?? '';
      const y = (b as unknown as Sortable)[by] ?? '';
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
    return HttpResponse.json({
      overview: { id: 1, name: 'Open Tickets', link: String(params.link) },
      items: all.slice((page - 1) * perPage, page * perPage),
      page,
      per_page: perPage,
      total_count: all.length,
    });
  }),

  http.post('/bff/agent/tickets/bulk', async ({ request }) => {
    const body = (await request.json()) as { ticket_ids: number[]; owner_id?: number | null };
    const items = db.tickets.filter((t) => body.ticket_ids.includes(t.id));
    for (const t of items) {
      if (body.owner_id !== undefined)
        t.owner = body.owner_id === null ? null : { id: body.owner_id, name: `Agent ${body.owner_id}` };
    }
    return HttpResponse.json({ items });
  }),

  http.get('/bff/agent/agents', () =>
    HttpResponse.json({ items: [{ id: 77, name: 'Blake Agent', email: 'blake@example.org' }] }),
  ),

  http.get('/bff/reference', () => HttpResponse.json(REFERENCE)),

  // Admins administer overviews and edit the knowledge base; agents neither.
  http.get('/bff/agent/permissions', () => {
    const admin = !!db.sessionUser?.is_admin;
    return HttpResponse.json({
      overview_admin: admin,
      kb_editor: admin,
      unit_admin: admin,
      calendar_admin: admin,
      sla_admin: admin,
      scheduler_admin: admin,
      mail_admin: admin,
      trigger_admin: admin,
      webhook_admin: admin,
      service_admin: admin,
      community_admin: admin,
    });
  }),

  http.get('/bff/agent/tickets/:id/draft', () => HttpResponse.json({ draft: null })),
  http.put('/bff/agent/tickets/:id/draft', async ({ request }) =>
    HttpResponse.json({
      draft: { ...((await request.json()) as object), updated_at: new Date().toISOString() },
    }),
  ),
  http.delete('/bff/agent/tickets/:id/draft', () => new HttpResponse(null, { status: 204 })),

  http.get('/bff/agent/text-modules', () =>
    HttpResponse.json({
      items: [
        {
          id: 1,
          name: 'Greeting',
          keywords: 'hello hi',
          content: '<p>Dear #{ticket.customer.firstname},</p><p>thank you.</p>',
        },
        { id: 2, name: 'Closing', keywords: 'bye', content: '<p>Kind regards</p>' },
      ],
    }),
  ),

  http.post('/bff/tickets/:id/articles', async ({ request, params }) => {
    const body = (await request.json()) as { body: string; internal?: boolean };
    const article = buildArticle({ body: body.body, internal: body.internal ?? false, sender: 'Agent' });
    const id = Number(params.id);
    db.articles.set(id, [...(db.articles.get(id) ?? []), article]);
    return HttpResponse.json(article, { status: 201 });
  }),

  // The ticket's context, history, links and presence (agent ticket view): quiet defaults.
  http.get('/bff/agent/tickets/:id/context', ({ params }) => {
    const ticket = db.tickets.find((t) => t.id === Number(params.id));
    if (!ticket) return bffError(404, 'not_found', 'Ticket not found.');
    const others = db.tickets.filter((t) => t.id !== ticket.id && t.customer?.id === ticket.customer?.id);
    return HttpResponse.json({
      customer: ticket.customer
        ? { ...ticket.customer, email: 'casey@example.org', organization: ticket.organization }
        : null,
      organization: ticket.organization,
      other_tickets: { items: others.slice(0, 10), total_count: others.length },
      links: [],
    });
  }),
  http.get('/bff/agent/tickets/:id/history', () => HttpResponse.json({ items: [] })),
  http.post('/bff/agent/tickets/:id/presence', () => HttpResponse.json({ viewers: [] })),

  http.patch('/bff/tickets/:id', async ({ request, params }) => {
    const ticket = db.tickets.find((t) => t.id === Number(params.id));
    if (!ticket) return bffError(404, 'not_found', 'Ticket not found.');
    Object.assign(ticket, (await request.json()) as object);
    return HttpResponse.json(ticket);
  }),
];
