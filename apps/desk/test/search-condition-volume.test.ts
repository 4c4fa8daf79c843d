import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../src/db/client.ts';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, type Json, makeGroup } from './ticket-fixtures.ts';

let desk: RunningDesk;
let group: number;
let openLike: string[];
const N = 10_000;
const SERVICES = ['egi-check-in', 'egi-datahub', 'b2share', null];

beforeAll(async () => {
  desk = await startDesk();
  group = await makeGroup(desk);
  openLike = (
    await desk.db.query<{ id: number }>(
      `SELECT id FROM ticket_states WHERE name IN ('new', 'open', 'pending reminder') ORDER BY id`,
    )
  ).map((r) => String(r.id));
  const customer = (await one<{ id: number }>(
    desk.db,
    `SELECT id FROM users WHERE login = 'customer@example.org'`,
  )) as { id: number };
  const agent = (await one<{ id: number }>(
    desk.db,
    `SELECT id FROM users WHERE login = 'agent@example.org'`,
  )) as {
    id: number;
  };
  // 10,000 tickets in one group: states new/open/closed, every 5th owned by the agent, a service
  // each (or none), created a minute apart.
  await desk.db.query(
    `INSERT INTO tickets (group_id, priority_id, state_id, number, title, owner_id, customer_id, article_count,
                          eosc_service, created_by_id, updated_by_id, created_at, updated_at)
     SELECT $1::int, 1 + (g % 3),
            (SELECT id FROM ticket_states WHERE name = (ARRAY['new', 'open', 'closed'])[1 + g % 3]),
            'vol' || $1::int || '-' || g, 'Volume ticket ' || g,
            CASE WHEN g % 5 = 0 THEN $3::int ELSE 1 END, $2::int, 0,
            ($4::text[])[1 + g % 4], $2::int, $2::int,
            now() - make_interval(mins => g), now() - make_interval(mins => g)
       FROM generate_series(1, ${N}) g`,
    [group, customer.id, agent.id, SERVICES],
  );
}, 120_000);
afterAll(async () => {
  await desk?.close();
});

/** An overview-style condition (flat form: open-like states, unassigned) AND filters, as the BFF sends it. */
function condition(filters: Json[]) {
  return {
    operator: 'AND',
    conditions: [
      {
        operator: 'AND',
        conditions: [
          { name: 'ticket.state_id', operator: 'is', value: openLike },
          { name: 'ticket.owner_id', operator: 'is', pre_condition: 'not_set', value: [] },
        ],
      },
      { name: 'ticket.group_id', operator: 'is', value: [String(group)] },
      ...filters,
    ],
  };
}

describe('ticket search: an overview condition AND filters over 10,000 tickets', () => {
  it('counts right and pages through every match once, in order', async () => {
    const filters = [{ name: 'ticket.eosc_service', operator: 'is', value: ['egi-check-in'] }];
    const expected = (
      await desk.db.query<{ id: number }>(
        `SELECT t.id FROM tickets t JOIN ticket_states s ON s.id = t.state_id
        WHERE t.group_id = $1 AND t.owner_id = 1 AND s.name IN ('new', 'open') AND t.eosc_service = 'egi-check-in'
        ORDER BY t.created_at ASC, t.id DESC`,
        [group],
      )
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(1000);

    const seen: number[] = [];
    const started = Date.now();
    for (let page = 1; ; page++) {
      const res = await call(desk, 'agent', 'POST', '/tickets/search', {
        query: '*',
        condition: condition(filters),
        sort_by: 'created_at',
        order_by: 'asc',
        page,
        per_page: 200,
        with_total_count: true,
      });
      expect(res.status).toBe(200);
      expect(res.body.total_count).toBe(expected.length);
      const ids = (res.body.records as Json[]).map((t) => t.id as number);
      seen.push(...ids);
      if (ids.length < 200) break;
    }
    expect(seen).toEqual(expected);
    // Each page is one indexed query plus a count; the whole walk stays well within a minute.
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('combines several values (OR within a filter, AND across filters)', async () => {
    const res = await call(desk, 'agent', 'POST', '/tickets/search', {
      query: '*',
      condition: condition([
        { name: 'ticket.eosc_service', operator: 'is', value: ['egi-datahub', 'b2share'] },
        { name: 'ticket.priority_id', operator: 'is', value: ['2'] },
      ]),
      only_total_count: true,
    });
    const want = (await one<{ n: number }>(
      desk.db,
      `SELECT count(*)::int AS n FROM tickets t JOIN ticket_states s ON s.id = t.state_id
        WHERE t.group_id = $1 AND t.owner_id = 1 AND s.name IN ('new', 'open') AND t.priority_id = 2
          AND t.eosc_service IN ('egi-datahub', 'b2share')`,
      [group],
    )) as { n: number };
    expect(want.n).toBeGreaterThan(0);
    expect(res.body.total_count).toBe(want.n);
  });
});
