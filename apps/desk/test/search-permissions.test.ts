import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/domain/tokens.ts';
import { type Credentials, json, type RunningDesk, SERVICE_TOKEN, startDesk } from './harness.ts';
import { buildFixture, type Fixture, idsOf, searchTickets } from './search-fixtures.ts';

let desk: RunningDesk;
let f: Fixture;

beforeAll(async () => {
  desk = await startDesk();
  f = await buildFixture(desk);
});
afterAll(async () => {
  await desk?.close();
});

const kiwi = async (as: Credentials, extra: Record<string, string> = {}) =>
  idsOf(await searchTickets(desk, as, { query: 'kiwi', per_page: '200', ...extra }));

describe('ticket search scope', () => {
  it('gives agents only groups they may read', async () => {
    // The demo agent has Users and First-Line Support, not Secret Lab.
    expect(await kiwi('agent')).toEqual([f.t.A, f.t.B, f.t.D, f.t.E]);
    expect(await searchTickets(desk, 'agent', { query: 'zebra' })).toEqual([]);
    expect(await searchTickets(desk, 'agent', { query: `number:${f.numbers.C}` })).toEqual([]);
    expect(await searchTickets(desk, 'agent', { query: '', only_total_count: 'true' })).toEqual({
      total_count: (await searchTickets(desk, 'agent', { query: '', per_page: '200' })).length,
    });
    // An agent with read on Secret Lab only.
    expect(await kiwi(f.creds.lonely)).toEqual([f.t.C]);
    expect(await searchTickets(desk, f.creds.lonely, { query: 'printer' })).toEqual([]);
    // The admin with full access everywhere.
    expect(await kiwi('admin')).toEqual([f.t.A, f.t.B, f.t.C, f.t.D, f.t.E]);
  });

  it('never lets customer A find customer B tickets, by text, field, condition or total', async () => {
    expect(await kiwi('customer')).toEqual([f.t.A, f.t.C, f.t.D]);
    expect(await kiwi(f.creds.customerB)).toEqual([f.t.B]);
    expect(await searchTickets(desk, 'customer', { query: 'vpn' })).toEqual([]);
    expect(await searchTickets(desk, 'customer', { query: `number:${f.numbers.B}` })).toEqual([]);
    expect(await searchTickets(desk, 'customer', { query: 'customer.email:bob@other.example' })).toEqual([]);
    expect(await searchTickets(desk, f.creds.customerB, { query: 'printer OR zebra OR quota' })).toEqual([]);
    const total = await searchTickets(desk, f.creds.customerB, { query: '', only_total_count: 'true' });
    expect(total).toEqual({ total_count: 1 });
    const full = await searchTickets(desk, f.creds.customerB, { query: 'kiwi', full: 'true' });
    expect(full.record_ids).toEqual([f.t.B]);
    expect(Object.keys(full.assets.Ticket)).toEqual([String(f.t.B)]);
    const res = await desk.api('/tickets/search', {
      as: 'customer',
      method: 'POST',
      body: JSON.stringify({
        condition: { 'ticket.customer_id': { operator: 'is', value: [f.users.customerB] } },
      }),
    });
    expect(await json(res)).toEqual([]);
  });

  it('shows a shared organization to its members, not a non-shared one', async () => {
    // Carla is in Demo University (shared): she sees the customer's tickets, and the customer hers.
    expect(await kiwi(f.creds.colleague)).toEqual([f.t.A, f.t.C, f.t.D]);
    // Other Institute is not shared; Bob sees only his own.
    await desk.db.query(
      `UPDATE users SET organization_id = (SELECT organization_id FROM users WHERE id = $1) WHERE id = $2`,
      [f.users.customerB, f.users.colleague],
    );
    expect(await kiwi(f.creds.colleague)).toEqual([f.t.D]);
    await desk.db.query(
      `UPDATE users SET organization_id = (SELECT id FROM organizations WHERE name = 'Demo University') WHERE id = $1`,
      [f.users.colleague],
    );
  });

  it('never matches a customer through the text of an internal article', async () => {
    expect(idsOf(await searchTickets(desk, 'agent', { query: 'confidentialxyz' }))).toEqual([f.t.A]);
    expect(await searchTickets(desk, 'customer', { query: 'confidentialxyz' })).toEqual([]);
    expect(await searchTickets(desk, 'customer', { query: 'article.body:confidentialxyz' })).toEqual([]);
    expect(await searchTickets(desk, 'customer', { query: 'article.from:alex' })).toEqual([]);
    expect(idsOf(await searchTickets(desk, 'agent', { query: 'article.from:alex' }))).toEqual([f.t.A, f.t.E]);
    const cond = await desk.api('/tickets/search', {
      as: 'customer',
      method: 'POST',
      body: JSON.stringify({
        condition: { 'article.body': { operator: 'contains', value: 'confidentialxyz' } },
      }),
    });
    expect(await json(cond)).toEqual([]);
    // The public articles still match, and internal ones stay out of article_ids.
    const [a] = await searchTickets(desk, 'customer', { query: 'laser' });
    expect(a?.id).toBe(f.t.A);
    expect(a.article_ids).toHaveLength(2);
  });

  it('gives an agent who is also a customer internal text only in groups read as agent', async () => {
    // Own ticket E (group Users, no agent access there): the internal note does not count.
    expect(await searchTickets(desk, f.creds.hybrid, { query: 'hybridsecret' })).toEqual([]);
    expect(idsOf(await searchTickets(desk, f.creds.hybrid, { query: 'hybridword' }))).toEqual([f.t.E]);
    // Secret Lab as agent, plus own tickets as customer.
    expect(await kiwi(f.creds.hybrid)).toEqual([f.t.C, f.t.E]);
  });

  it('narrows to the token permissions and applies From', async () => {
    const asCustomer = idsOf(
      await searchTickets(desk, { token: SERVICE_TOKEN, from: 'bob@other.example' }, { query: 'kiwi' }),
    );
    expect(asCustomer).toEqual([f.t.B]);
  });
});

describe('user and organization search permissions', () => {
  it('refuses customers with 403 User authorization failed.', async () => {
    for (const path of ['/users/search?query=a', '/organizations/search?query=a']) {
      for (const method of ['GET', 'POST']) {
        const res = await desk.api(path, { as: 'customer', method });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(await json(res)).toEqual({
          error: 'User authorization failed.',
          error_human: 'User authorization failed.',
        });
      }
    }
    const none = await desk.api('/users/search?query=a');
    expect(none.status).toBe(403);
    expect((await json(none)).error).toBe('Authentication required');
  });

  it('lets an admin without the agent role search users', async () => {
    // admin.user only: a token narrowed to it.
    await desk.db.query(
      `INSERT INTO user_access_tokens (user_id, name, token_hash, preferences)
       SELECT id, 'search-test', $1, '{"permission":["admin.user"]}' FROM users WHERE login = 'admin@example.org'`,
      [hashToken('search-admin-user-token')],
    );
    const as = { token: 'search-admin-user-token' };
    const users = await desk.api('/users/search?query=carla', { as });
    expect(users.status).toBe(200);
    expect(idsOf(await json(users))).toEqual([f.users.colleague]);
    expect((await desk.api('/organizations/search?query=demo', { as })).status).toBe(403);
    expect((await desk.api('/tickets/search?query=kiwi', { as })).status).toBe(403);
    // Global search simply leaves out what the caller may not search.
    const global = await json(await desk.api('/search?query=carla', { as }));
    expect(global.result).toEqual([{ type: 'User', id: f.users.colleague }]);
  });
});

describe('global search permissions', () => {
  it('gives customers only their tickets, never users or organizations', async () => {
    const body = await json(await desk.api('/search?query=kiwi&limit=50', { as: 'customer' }));
    expect(body.result.map((r: { type: string }) => r.type)).toEqual(['Ticket', 'Ticket', 'Ticket']);
    expect(body.result.map((r: { id: number }) => r.id).sort((a: number, b: number) => a - b)).toEqual([
      f.t.A,
      f.t.C,
      f.t.D,
    ]);
    expect(Object.keys(body.assets.Ticket).sort()).toEqual([f.t.A, f.t.C, f.t.D].map(String).sort());
    expect(body.assets.User?.[String(f.users.customerB)]).toBeUndefined();
    const people = await json(await desk.api('/search/User-Organization?query=bob', { as: 'customer' }));
    expect(people).toEqual({ assets: {}, result: [] });
  });

  it('never returns tickets of unreadable groups to agents', async () => {
    const body = await json(await desk.api('/search?query=zebra', { as: 'agent' }));
    expect(body.result).toEqual([]);
    const lonely = await json(await desk.api('/search/Ticket?query=zebra', { as: f.creds.lonely }));
    expect(lonely.result).toEqual([{ type: 'Ticket', id: f.t.C }]);
  });
});
