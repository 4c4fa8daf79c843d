// How many SQL statements the hot routes cost (issue 15): every route Zammad's clients and the
// BFF call most is counted over real HTTP on the seeded test database, and each count is held
// to a budget, so a per-row lookup or a lost cache shows up here as a failing number, not as a
// slower benchmark weeks later. Counts, not timings: they do not depend on the machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.ts';
import { authHeader, type Credentials, json, type RunningDesk, SERVICE_TOKEN, startDesk } from './harness.ts';

/** Wraps a Db so every statement (inside transactions too) is counted and its text kept. */
function counting(db: Db, log: string[]): Db {
  return {
    kind: db.kind,
    async query(sql, params) {
      log.push(sql);
      return db.query(sql, params);
    },
    async exec(sql) {
      log.push(sql);
      return db.exec(sql);
    },
    tx(fn) {
      log.push('BEGIN');
      return db.tx((inner) => fn(counting(inner, log)));
    },
    close: () => db.close(),
  };
}

let desk: RunningDesk;
const log: string[] = [];
let ticketId = 0;
beforeAll(async () => {
  desk = await startDesk({ wrapDb: (db) => counting(db, log) });
  // A ticket with a few articles, as the hot routes usually see.
  const res = await desk.api('/tickets', {
    as: 'agent',
    method: 'POST',
    body: JSON.stringify({
      title: 'Query budget',
      group: 'Users',
      customer: 'customer@example.org',
      article: { body: 'first', type: 'note', internal: false },
    }),
  });
  ticketId = (await json(res)).id;
  for (const body of ['second', 'third'])
    await desk.api('/ticket_articles', {
      as: 'agent',
      method: 'POST',
      body: JSON.stringify({ ticket_id: ticketId, body, type: 'note', internal: false }),
    });
});
afterAll(async () => {
  await desk?.close();
});

const service: Credentials = { token: SERVICE_TOKEN, from: 'agent@example.org' };

/** Statements one request costs once caches are warm (the request is made twice; the second counts). */
async function cost(path: string, as: Credentials, init: RequestInit = {}, expectStatus = 200) {
  const send = () =>
    fetch(`${desk.url}/api/v1${path}`, {
      ...init,
      headers: { 'Content-Type': 'application/json', ...authHeader(as) },
    });
  const warm = await send();
  expect(warm.status, path).toBe(expectStatus);
  await warm.arrayBuffer();
  log.length = 0;
  const res = await send();
  expect(res.status, path).toBe(expectStatus);
  await res.arrayBuffer();
  return [...log];
}

/** [name, path, credentials, request, expected status, budget: statements once caches are warm] */
type Route = [string, string, Credentials, RequestInit | undefined, number, number];

describe('statements per hot route (warm caches)', () => {
  const routes = (): Route[] => [
    // One for the token (with the auth version), one for the ticket.
    ['show (token)', `/tickets/${ticketId}`, service, undefined, 200, 2],
    // Remembered Basic credentials: one statement checks they still hold, no user lookup, no scrypt.
    ['show (Basic)', `/tickets/${ticketId}`, 'agent', undefined, 200, 2],
    ['show ?all=true', `/tickets/${ticketId}?all=true`, service, undefined, 200, 11],
    ['list of 50', '/tickets?per_page=50&page=1', service, undefined, 200, 2],
    ['search', '/tickets/search?query=budget&per_page=50', service, undefined, 200, 3],
    ['overview page', '/ticket_overviews?view=all_open', service, undefined, 200, 12],
    ['article list', `/ticket_articles/by_ticket/${ticketId}`, service, undefined, 200, 6],
    [
      'create with an article',
      '/tickets',
      service,
      {
        method: 'POST',
        body: JSON.stringify({
          title: 'Query budget create',
          group: 'Users',
          customer: 'customer@example.org',
          article: { body: 'text', type: 'note', internal: false },
        }),
      },
      201,
      34,
    ],
  ];

  it.each(routes().map((r) => [r[0], r] as const))('%s stays within its budget', async (_name, route) => {
    const [name, rawPath, as, init, status, budget] = route;
    // ticketId is known only after beforeAll: build the path again now.
    const path = rawPath
      .replace('/tickets/0', `/tickets/${ticketId}`)
      .replace('by_ticket/0', `by_ticket/${ticketId}`);
    const sqls = await cost(path, as, init, status);
    const listing = `${name}: ${sqls.length}\n  ${sqls.map((s) => s.replace(/\s+/g, ' ').slice(0, 160)).join('\n  ')}`;
    expect(sqls.length, listing).toBeLessThanOrEqual(budget);
    // The catalog views cost tens of times a plain statement.
    expect(
      sqls.filter((s) => s.includes('information_schema')),
      listing,
    ).toEqual([]);
    if (as === 'agent')
      expect(
        sqls.filter((s) => /FROM users WHERE lower\(login\)/.test(s)),
        listing,
      ).toEqual([]);
  });
});
