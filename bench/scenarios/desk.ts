// The desk's scenarios: the calls a Zammad client and our BFF make most. All as the demo agent
// through the service token and From (as the BFF calls), except the Basic-auth read. Goals:
// issue 15, for the embedded default with 100,000 tickets (informative, never enforced).
import { fetchOnce } from '../load.ts';
import { type BenchContext, pick, type Scenario } from '../scenario.ts';

const SEARCH_TERMS = ['storage', 'password', 'vpn', 'certificate', 'orcid', 'backup', 'timeout', 'invoice'];
/** The demo agent of apps/desk/src/seed/demo.ts (seeded by bench/seed.ts through seedDemo). */
const AGENT = { login: 'agent@example.org', password: 'demo-agent-pass' };

/** The agent's overview holding the most tickets (`GET /ticket_overviews`: link and count). */
async function busiestOverview(
  ctx: BenchContext,
): Promise<{ link: string; name: string; count: number } | undefined> {
  const res = await fetchOnce(ctx.desk, {
    method: 'GET',
    path: '/api/v1/ticket_overviews',
    headers: ctx.deskHeaders,
    expectStatus: 200,
  });
  if (res.status !== 200) return undefined;
  const list = JSON.parse(res.body.toString()) as { link: string; name: string; count: number }[];
  return list.sort((a, b) => b.count - a.count)[0];
}

export async function deskScenarios(ctx: BenchContext): Promise<Scenario[]> {
  const h = ctx.deskHeaders;
  const [first, last] = ctx.ticketIds;
  const pages = Math.max(1, Math.floor(ctx.tickets / 50));
  const basic = `Basic ${Buffer.from(`${AGENT.login}:${AGENT.password}`).toString('base64')}`;
  const overview = await busiestOverview(ctx);
  const ticket = (i: number) => pick(i, first, last);
  const scenarios: Scenario[] = [
    {
      name: 'desk-show-ticket',
      label: 'GET /tickets/:id (token)',
      target: ctx.desk,
      goal: { kind: 'ratio', min: 0.25 },
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/tickets/${ticket(i)}`,
        headers: h,
        expectStatus: 200,
      }),
    },
    {
      name: 'desk-show-ticket-basic',
      label: 'GET /tickets/:id (Basic auth)',
      target: ctx.desk,
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/tickets/${ticket(i)}`,
        headers: { Authorization: basic },
        expectStatus: 200,
      }),
    },
    {
      name: 'desk-ticket-all',
      label: 'GET /tickets/:id?all=true',
      target: ctx.desk,
      goal: { kind: 'ratio', min: 0.1 },
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/tickets/${ticket(i)}?all=true`,
        headers: h,
        expectStatus: 200,
      }),
    },
    {
      name: 'desk-list-tickets',
      label: 'GET /tickets?per_page=50&page=N',
      target: ctx.desk,
      goal: { kind: 'ratio', min: 0.15 },
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/tickets?per_page=50&page=${pick(i, 1, pages)}`,
        headers: h,
        expectStatus: 200,
      }),
    },
    {
      name: 'desk-search-tickets',
      label: 'GET /tickets/search?query=…',
      target: ctx.desk,
      goal: { kind: 'p95', maxMs: 50 },
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/tickets/search?query=${SEARCH_TERMS[i % SEARCH_TERMS.length]}&per_page=50`,
        headers: h,
        expectStatus: 200,
      }),
    },
  ];
  if (overview)
    scenarios.push({
      name: 'desk-overview',
      label: `GET /ticket_overviews?view=${overview.link}&per_page=100&page=N (${overview.count} tickets)`,
      target: ctx.desk,
      // A page of 100 as the BFF asks for, among the first 2,000 (Zammad's overview limit).
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/ticket_overviews?view=${encodeURIComponent(overview.link)}&per_page=100&page=${pick(i, 1, Math.max(1, Math.min(20, Math.ceil(overview.count / 100))))}`,
        headers: h,
        expectStatus: 200,
      }),
    });
  scenarios.push(
    {
      name: 'desk-ticket-articles',
      label: 'GET /ticket_articles/by_ticket/:id',
      target: ctx.desk,
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/ticket_articles/by_ticket/${ticket(i)}`,
        headers: h,
        expectStatus: 200,
      }),
    },
    // Last: it adds tickets (to the end of the id range the reads pick from).
    {
      name: 'desk-create-ticket',
      label: 'POST /tickets (with article)',
      target: ctx.desk,
      goal: { kind: 'rps', min: 500 },
      request: (i) => ({
        method: 'POST',
        path: '/api/v1/tickets',
        headers: h,
        body: JSON.stringify({
          title: `Bench create ${i}: cannot reach the storage service`,
          group: 'Users',
          customer: 'customer@example.org',
          article: {
            subject: 'Storage unreachable',
            body: 'Since this morning the storage service times out for our whole project.',
            type: 'note',
            internal: false,
          },
        }),
        expectStatus: 201,
      }),
    },
  );
  return scenarios;
}
