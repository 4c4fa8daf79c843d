// The desk's scenarios: the calls a Zammad client and our BFF make most.
import { type BenchContext, pick, type Scenario } from '../scenario.ts';

const SEARCH_TERMS = ['storage', 'password', 'vpn', 'certificate', 'orcid', 'backup', 'timeout', 'invoice'];

export function deskScenarios(ctx: BenchContext): Scenario[] {
  const h = ctx.deskHeaders;
  const [first, last] = ctx.ticketIds;
  const pages = Math.max(1, Math.floor(ctx.tickets / 50));
  return [
    {
      name: 'desk-show-ticket',
      label: 'GET /tickets/:id',
      target: ctx.desk,
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/tickets/${pick(i, first, last)}`,
        headers: h,
        expectStatus: 200,
      }),
    },
    {
      name: 'desk-list-tickets',
      label: 'GET /tickets?per_page=50&page=N',
      target: ctx.desk,
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/tickets?per_page=50&page=${pick(i, 1, pages)}`,
        headers: h,
        expectStatus: 200,
      }),
    },
    {
      name: 'desk-create-ticket',
      label: 'POST /tickets (with article)',
      target: ctx.desk,
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
    {
      name: 'desk-search-tickets',
      label: 'GET /tickets/search?query=…',
      target: ctx.desk,
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/tickets/search?query=${SEARCH_TERMS[i % SEARCH_TERMS.length]}&per_page=50`,
        headers: h,
        expectStatus: 200,
      }),
    },
  ];
}
