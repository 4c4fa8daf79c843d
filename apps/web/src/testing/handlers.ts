import { HttpResponse, http } from 'msw';
import { db } from './db';
import { buildArticle, buildTicket } from './factories';

/** The BFF's error shape. */
export function bffError(status: number, code: string, error: string) {
  return HttpResponse.json({ error, code, request_id: `req-${code}` }, { status });
}

function hasCsrfHeader(request: Request): boolean {
  return request.headers.get('X-EOSC-CSRF') === '1';
}

/** A small in-memory BFF, enough for page tests; tests override single routes with `server.use`. */
export const handlers = [
  // Like the BFF: an anonymous visitor is an answer (`user: null`), not a 401.
  http.get('/bff/session', () => HttpResponse.json({ user: db.sessionUser ?? null })),

  http.post('/bff/session', async ({ request }) => {
    if (!hasCsrfHeader(request)) return bffError(403, 'csrf', 'Missing CSRF header.');
    const { login, password } = (await request.json()) as { login: string; password: string };
    const account = db.accounts.get(login);
    if (!account || account.password !== password) {
      return bffError(401, 'invalid_credentials', 'Wrong login or password.');
    }
    db.sessionUser = account.user;
    return HttpResponse.json({ user: account.user });
  }),

  http.delete('/bff/session', ({ request }) => {
    if (!hasCsrfHeader(request)) return bffError(403, 'csrf', 'Missing CSRF header.');
    db.sessionUser = null;
    return new HttpResponse(null, { status: 204 });
  }),

  http.get('/bff/tickets', ({ request }) => {
    if (!db.sessionUser) return bffError(401, 'unauthenticated', 'Not signed in.');
    const url = new URL(request.url);
    const page = Number(url.searchParams.get('page') ?? '1');
    const perPage = Number(url.searchParams.get('per_page') ?? '25');
    // State and search like the BFF (scope is the server's business: tests override the route).
    const state = url.searchParams.get('state') ?? 'all';
    const q = url.searchParams.get('q')?.toLowerCase();
    const types: Record<string, string[]> = {
      open: ['new', 'open', 'pending reminder', 'pending action'],
      waiting: ['pending reminder', 'pending action'],
      closed: ['closed', 'merged'],
    };
    const sorted = [...db.tickets]
      .filter((t) => state === 'all' || types[state]?.includes(t.state_type))
      .filter((t) => !q || t.title.toLowerCase().includes(q) || t.number === q)
      .sort((a, b) => b.updated_at.localeCompare(a.updated_at));
    const items = sorted.slice((page - 1) * perPage, page * perPage);
    return HttpResponse.json({
      items,
      page,
      per_page: perPage,
      has_more: sorted.length > page * perPage,
      total_count: sorted.length,
      shared_organization: false,
    });
  }),

  http.post('/bff/tickets', async ({ request }) => {
    if (!hasCsrfHeader(request)) return bffError(403, 'csrf', 'Missing CSRF header.');
    const user = db.sessionUser;
    if (!user) return bffError(401, 'unauthenticated', 'Not signed in.');
    const { title, body } = (await request.json()) as { title: string; body: string };
    const now = new Date().toISOString();
    const ticket = buildTicket({
      id: db.nextTicketId++,
      title,
      state: 'new',
      state_id: 1,
      state_type: 'new',
      customer: { id: user.id, name: user.name },
      created_at: now,
      updated_at: now,
    });
    db.tickets.push(ticket);
    db.articles.set(ticket.id, [
      buildArticle({ from: user.name, author: { id: user.id, name: user.name }, body, created_at: now }),
    ]);
    return HttpResponse.json(ticket, { status: 201 });
  }),

  http.get('/bff/tickets/:id/redirect', ({ params }) =>
    db.sessionUser
      ? HttpResponse.json({ redirect: db.redirects.get(Number(params.id)) ?? null })
      : bffError(401, 'unauthenticated', 'Not signed in.'),
  ),

  http.get('/bff/tickets/:id', ({ params }) => {
    if (!db.sessionUser) return bffError(401, 'unauthenticated', 'Not signed in.');
    const ticket = db.tickets.find((candidate) => candidate.id === Number(params.id));
    if (!ticket) return bffError(404, 'not_found', 'Ticket not found.');
    const closed = ticket.state_type === 'closed';
    return HttpResponse.json({
      ticket,
      articles: db.articles.get(ticket.id) ?? [],
      tags: [],
      follow_up: {
        possible: ticket.state_type !== 'merged',
        reopenable: true,
        closed_at: closed ? ticket.updated_at : null,
        service: null,
        ...db.followUps.get(ticket.id),
      },
    });
  }),

  // Customers close and reopen; a closed ticket that takes no follow-up refuses like the desk.
  http.patch('/bff/tickets/:id', async ({ params, request }) => {
    if (!hasCsrfHeader(request)) return bffError(403, 'csrf', 'Missing CSRF header.');
    if (!db.sessionUser) return bffError(401, 'unauthenticated', 'Not signed in.');
    const index = db.tickets.findIndex((candidate) => candidate.id === Number(params.id));
    const ticket = db.tickets[index];
    if (!ticket) return bffError(404, 'not_found', 'Ticket not found.');
    const { state } = (await request.json()) as { state?: string };
    if (state !== 'open' && state !== 'closed') return bffError(422, 'invalid', 'Invalid state.');
    const followUp = db.followUps.get(ticket.id);
    if (ticket.state_type === 'closed' && followUp?.possible === false)
      return bffError(422, 'invalid', 'Cannot follow-up on a closed ticket. Please create a new ticket.');
    const now = new Date().toISOString();
    const next = {
      ...ticket,
      state,
      state_type: state,
      state_id: state === 'closed' ? 4 : 2,
      updated_at: now,
    } as const;
    db.tickets[index] = next;
    if (state === 'closed') db.followUps.set(ticket.id, { ...followUp, closed_at: now });
    return HttpResponse.json(next);
  }),
];
