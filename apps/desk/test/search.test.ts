import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type RunningDesk, startDesk } from './harness.ts';
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

/** Admin (full access to every group) searching within the fixture's tickets. */
async function kiwi(query: string, extra: Record<string, string> = {}): Promise<number[]> {
  return idsOf(await searchTickets(desk, 'admin', { query: `kiwi AND (${query})`, ...extra }));
}

describe('ticket search: free text', () => {
  it('finds words in the title, number and article text, with a prefix on the last word', async () => {
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'printer' }))).toEqual([f.t.A]);
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'prin' }))).toEqual([f.t.A]);
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'laser smo' }))).toEqual([f.t.A]);
    expect(idsOf(await searchTickets(desk, 'admin', { query: f.numbers.B }))).toEqual([f.t.B]);
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'refund' }))).toEqual([f.t.B]);
    // `term` is an alias of `query`.
    expect(idsOf(await searchTickets(desk, 'admin', { term: 'zebra' }))).toEqual([f.t.C]);
  });

  it('matches case-insensitively, across e-mail addresses and HTML bodies', async () => {
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'PRINTER' }))).toEqual([f.t.A]);
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'bob@other.example' }))).toEqual([f.t.B]);
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'tunnel drops' }))).toEqual([f.t.B]);
    // HTML tags are not words.
    expect(await searchTickets(desk, 'admin', { query: 'title:kiwi AND article.body:b' })).toEqual([]);
  });

  it('requires every word (AND), and supports phrases, OR, NOT, -term and parentheses', async () => {
    expect(await kiwi('printer vpn')).toEqual([]);
    expect(await kiwi('printer OR vpn')).toEqual([f.t.A, f.t.B]);
    expect(await kiwi('"laser printer"')).toEqual([f.t.A]);
    expect(await kiwi('"printer laser"')).toEqual([]);
    expect(await kiwi('NOT printer AND NOT vpn AND NOT zebra AND NOT quota')).toEqual([f.t.E]);
    expect(await kiwi('(printer OR vpn) -printer')).toEqual([f.t.B]);
    expect(await kiwi('zebra || quota')).toEqual([f.t.C, f.t.D]);
  });

  it('treats blank and * as every readable ticket', async () => {
    const all = idsOf(await searchTickets(desk, 'admin', { query: '', per_page: '200' }));
    const star = idsOf(await searchTickets(desk, 'admin', { query: '*', per_page: '200' }));
    expect(all).toEqual(star);
    expect(all).toEqual(expect.arrayContaining(Object.values(f.t)));
    const res = await desk.api('/tickets/search', { as: 'admin' });
    expect(idsOf(await json(res))).toEqual(all);
  });

  it('searches an unknown field:value as text of the default fields, and escapes', async () => {
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'smoke:alarm' }))).toEqual([f.t.A]);
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'smoke\\:alarm' }))).toEqual([f.t.A]);
    expect(await searchTickets(desk, 'admin', { query: "kiwi'; DROP TABLE tickets;" })).toEqual([]);
    expect((await searchTickets(desk, 'admin', { query: 'kiwi' })).length).toBe(5);
  });

  it('answers 422 with a message for a broken query', async () => {
    for (const query of ['(kiwi', 'title:"open', 'title:kiwi AND', 'created_at:[2024 2025]', "kiwi')"]) {
      const res = await desk.api(`/tickets/search?${new URLSearchParams({ query })}`, { as: 'admin' });
      expect(res.status, query).toBe(422);
      expect((await json(res)).error).toMatch(/^Invalid search query: /);
    }
    const res = await desk.api(`/tickets/search?${new URLSearchParams({ query: 'created_at:>yesterday' })}`, {
      as: 'admin',
    });
    expect(res.status).toBe(422);
    expect((await json(res)).error).toBe(`Invalid date for field 'created_at': "yesterday"`);
  });
});

describe('ticket search: fields', () => {
  it('state.name, also with a list and a prefix', async () => {
    expect(await kiwi('state.name:open')).toEqual([f.t.A]);
    expect(await kiwi('state.name:(new OR open)')).toEqual(
      [f.t.B, f.t.A, f.t.D, f.t.E].sort((a, b) => a - b),
    );
    expect(await kiwi('state.name:clos*')).toEqual([f.t.C]);
    expect(await kiwi('state:closed')).toEqual([f.t.C]);
  });

  it('group.name and priority.name (quoted)', async () => {
    expect(await kiwi('group.name:"First-Line Support"')).toEqual([f.t.B]);
    expect(await kiwi('group.name:"Secret Lab"')).toEqual([f.t.C]);
    expect(await kiwi('priority.name:"3 high"')).toEqual([f.t.A]);
    expect(await kiwi('priority.name:low')).toEqual([f.t.C]);
  });

  it('owner.login / owner.email, customer.email / customer.login', async () => {
    expect(await kiwi('owner.login:agent@example.org')).toEqual([f.t.A]);
    expect(await kiwi('owner.email:AGENT@example.org')).toEqual([f.t.A]);
    expect(await kiwi('customer.email:bob@other.example')).toEqual([f.t.B]);
    expect(await kiwi('customer.login:carla*')).toEqual([f.t.D]);
    expect(await kiwi('customer.firstname:Carla')).toEqual([f.t.D]);
  });

  it('organization.name, tags and number', async () => {
    expect(await kiwi('organization.name:"Other Institute"')).toEqual([f.t.B]);
    expect(await kiwi('organization.name:demo')).toEqual([f.t.A, f.t.C, f.t.D]);
    expect(await kiwi('tags:urgent')).toEqual([f.t.A]);
    expect(await kiwi('tags:(network OR hardware)')).toEqual([f.t.A, f.t.B]);
    expect(await kiwi(`number:${f.numbers.C}`)).toEqual([f.t.C]);
    expect(await kiwi(`number:${f.numbers.C.slice(0, -1)}*`)).toContain(f.t.C);
  });

  it('title, article.body, article.subject, article.from and article.to', async () => {
    expect(await kiwi('title:printer')).toEqual([f.t.A]);
    // "smoke" is in an article, not in the title.
    expect(await kiwi('title:smoke')).toEqual([]);
    expect(await kiwi('article.body:smoke')).toEqual([f.t.A]);
    expect(await kiwi('article.body:printer')).toEqual([f.t.A]);
    expect(await kiwi('article.subject:alarm')).toEqual([f.t.A]);
    expect(await kiwi('article.subject:printer')).toEqual([]);
    expect(await kiwi('article.from:bob')).toEqual([f.t.B]);
    expect(await kiwi('article.from:"bob@other.example"')).toEqual([f.t.B]);
    expect(await kiwi('article.to:helpdesk*')).toEqual([f.t.B]);
    // The address is in `to`, not in `from`.
    expect(await kiwi('article.from:helpdesk')).toEqual([]);
  });

  it('plain id columns', async () => {
    const [state] = await desk.db.query<{ id: number }>("SELECT id FROM ticket_states WHERE name = 'closed'");
    expect(await kiwi(`state_id:${state?.id}`)).toEqual([f.t.C]);
    expect(await kiwi(`group_id:${f.groups.secret}`)).toEqual([f.t.C]);
    expect(await kiwi(`customer_id:${f.users.customerB}`)).toEqual([f.t.B]);
    expect(await kiwi(`owner_id:${f.users.agent}`)).toEqual([f.t.A]);
    expect(await kiwi(`id:[${f.t.B} TO ${f.t.D}]`)).toEqual([f.t.B, f.t.C, f.t.D]);
    expect(await kiwi(`id:>${f.t.D}`)).toEqual([f.t.E]);
    const res = await desk.api(`/tickets/search?${new URLSearchParams({ query: 'state_id:abc' })}`, {
      as: 'admin',
    });
    expect(res.status).toBe(422);
  });

  it('date ranges, comparisons and date math', async () => {
    expect(await kiwi('created_at:[2024-01-01 TO 2024-02-10]')).toEqual([f.t.A, f.t.B]);
    expect(await kiwi('created_at:[2024-01-01 TO 2024-02-10}')).toEqual([f.t.A]);
    expect(await kiwi('created_at:<2024-02-01')).toEqual([f.t.A]);
    expect(await kiwi('created_at:>=2024-03-05')).toEqual([f.t.C, f.t.D, f.t.E]);
    expect(await kiwi('created_at:2024-02-10')).toEqual([f.t.B]);
    expect(await kiwi('created_at:>now-7d')).toEqual([f.t.D, f.t.E]);
    expect(await kiwi('updated_at:[now-1d TO now]')).toEqual([f.t.D, f.t.E]);
    expect(await kiwi('updated_at:<now-1y/d')).toEqual([f.t.A, f.t.B, f.t.C]);
    expect(await kiwi('close_at:[2024-03-06 TO *]')).toEqual([f.t.C]);
    expect(await kiwi('close_at:*')).toEqual([f.t.C]);
  });
});

describe('ticket search: condition', () => {
  const post = (body: unknown) =>
    desk.api('/tickets/search', { as: 'admin', method: 'POST', body: JSON.stringify(body) });

  it('applies the flat form, with query or alone', async () => {
    const [closed] = await desk.db.query<{ id: number }>(
      "SELECT id FROM ticket_states WHERE name = 'closed'",
    );
    const res = await post({
      query: 'kiwi',
      condition: { 'ticket.state_id': { operator: 'is', value: [String(closed?.id)] } },
    });
    expect(res.status).toBe(200);
    expect(idsOf(await json(res))).toEqual([f.t.C]);
    const not = await post({
      query: 'kiwi',
      condition: { 'ticket.state_id': { operator: 'is not', value: [closed?.id] } },
    });
    expect(idsOf(await json(not))).toEqual([f.t.A, f.t.B, f.t.D, f.t.E]);
  });

  it('supports contains, contains not, starts with and ends with', async () => {
    const run = async (operator: string, value: string) =>
      idsOf(await json(await post({ query: 'kiwi', condition: { 'ticket.title': { operator, value } } })));
    expect(await run('contains', 'PRINTER')).toEqual([f.t.A]);
    expect(await run('contains not', 'i')).toEqual([]);
    expect(await run('contains not', 'zebra')).toEqual([f.t.A, f.t.B, f.t.D, f.t.E]);
    expect(await run('starts with', 'kiwi vpn')).toEqual([f.t.B]);
    expect(await run('ends with', 'quota')).toEqual([f.t.D]);
    // LIKE wildcards in the value are literal.
    expect(await run('contains', '%')).toEqual([]);
  });

  it('supports absolute and relative dates', async () => {
    const run = async (c: Record<string, unknown>) =>
      idsOf(await json(await post({ query: 'kiwi', condition: { 'ticket.created_at': c } })));
    expect(await run({ operator: 'before (absolute)', value: '2024-02-01T00:00:00Z' })).toEqual([f.t.A]);
    expect(await run({ operator: 'after (absolute)', value: '2024-03-01T00:00:00Z' })).toEqual([
      f.t.C,
      f.t.D,
      f.t.E,
    ]);
    expect(await run({ operator: 'before (relative)', value: 1, range: 'month' })).toEqual([
      f.t.A,
      f.t.B,
      f.t.C,
    ]);
    expect(await run({ operator: 'within last (relative)', value: 2, range: 'day' })).toEqual([f.t.D, f.t.E]);
    expect(await run({ operator: 'after (relative)', value: 1, range: 'day' })).toEqual([]);
    expect(await run({ operator: 'from (relative)', value: 3, range: 'hour' })).toEqual([f.t.D, f.t.E]);
  });

  it('supports the expert form, pre_conditions, relations and tags', async () => {
    const res = await post({
      query: 'kiwi',
      condition: {
        operator: 'OR',
        conditions: [
          { name: 'ticket.title', operator: 'contains', value: 'zebra' },
          {
            operator: 'AND',
            conditions: [
              { name: 'customer.email', operator: 'is', value: 'bob@other.example' },
              { name: 'ticket.tags', operator: 'contains one', value: 'network' },
            ],
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(idsOf(await json(res))).toEqual([f.t.B, f.t.C]);
    const mine = await desk.api('/tickets/search', {
      as: 'agent',
      method: 'POST',
      body: JSON.stringify({
        query: 'kiwi',
        condition: { 'ticket.owner_id': { operator: 'is', pre_condition: 'current_user.id', value: [] } },
      }),
    });
    expect(idsOf(await json(mine))).toEqual([f.t.A]);
    const unassigned = await post({
      query: 'kiwi',
      condition: { 'ticket.owner_id': { operator: 'is', pre_condition: 'not_set', value: [] } },
    });
    expect(idsOf(await json(unassigned))).toEqual([f.t.B, f.t.C, f.t.D, f.t.E]);
    const tags = await post({
      query: 'kiwi',
      condition: { 'ticket.tags': { operator: 'contains all', value: 'hardware, urgent' } },
    });
    expect(idsOf(await json(tags))).toEqual([f.t.A]);
    const article = await post({
      query: 'kiwi',
      condition: { 'article.body': { operator: 'contains', value: 'emits smoke' } },
    });
    expect(idsOf(await json(article))).toEqual([f.t.A]);
  });

  it('reads condition from a GET query string (JSON or Rails brackets)', async () => {
    const cond = JSON.stringify({ 'ticket.title': { operator: 'contains', value: 'zebra' } });
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'kiwi', condition: cond }))).toEqual([f.t.C]);
    expect(
      idsOf(
        await searchTickets(desk, 'admin', {
          query: 'kiwi',
          'condition[ticket.title][operator]': 'contains',
          'condition[ticket.title][value]': 'quota',
        }),
      ),
    ).toEqual([f.t.D]);
  });

  it('answers 422 for an unknown attribute or operator', async () => {
    for (const condition of [
      { 'ticket.nope': { operator: 'is', value: '1' } },
      { 'ticket.title': { operator: 'sounds like', value: 'x' } },
      { 'customer.password': { operator: 'contains', value: 'a' } },
    ]) {
      const res = await post({ condition });
      expect(res.status, JSON.stringify(condition)).toBe(422);
      expect((await json(res)).error).toMatch(/^Invalid condition: /);
    }
  });
});

describe('ticket search: paging, sorting and reply shapes', () => {
  it('defaults to updated_at desc', async () => {
    const list = await searchTickets(desk, 'admin', { query: 'kiwi' });
    expect(list.map((t: { id: number }) => t.id)).toEqual([f.t.D, f.t.E, f.t.C, f.t.B, f.t.A]);
  });

  it('sorts by comma lists or arrays, and answers 500 for unknown columns or directions', async () => {
    const byTitle = await searchTickets(desk, 'admin', { query: 'kiwi', sort_by: 'title', order_by: 'asc' });
    expect(byTitle.map((t: { title: string }) => t.title)).toEqual(
      [
        'kiwi hybrid own ticket',
        'kiwi Printer on fire',
        'kiwi storage quota',
        'kiwi VPN access',
        'kiwi zebra crossing',
      ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const multi = await searchTickets(desk, 'admin', {
      query: 'kiwi',
      sort_by: 'priority_id,created_at',
      order_by: 'desc,asc',
    });
    expect(multi.map((t: { id: number }) => t.id)).toEqual([f.t.A, f.t.B, f.t.D, f.t.E, f.t.C]);
    const arrays = await desk.api('/tickets/search', {
      as: 'admin',
      method: 'POST',
      body: JSON.stringify({ query: 'kiwi', sort_by: ['priority', 'id'], order_by: ['asc', 'asc'] }),
    });
    expect((await json(arrays)).map((t: { id: number }) => t.id)).toEqual([
      f.t.C,
      f.t.B,
      f.t.D,
      f.t.E,
      f.t.A,
    ]);
    for (const [params, as] of [
      [{ sort_by: 'nope' }, 'admin'],
      [{ sort_by: 'id', order_by: 'sideways' }, 'admin'],
      [{ sort_by: 'id;DROP' }, 'agent'],
    ] as const) {
      const res = await desk.api(`/tickets/search?${new URLSearchParams({ query: 'kiwi', ...params })}`, {
        as,
      });
      expect(res.status).toBe(422);
      expect((await json(res)).error).toMatch(/Found invalid/);
    }
  });

  it('pages with page and per_page / limit', async () => {
    const all = (await searchTickets(desk, 'admin', { query: 'kiwi' })).map((t: { id: number }) => t.id);
    const p1 = await searchTickets(desk, 'admin', { query: 'kiwi', page: '1', per_page: '2' });
    const p2 = await searchTickets(desk, 'admin', { query: 'kiwi', page: '2', per_page: '2' });
    const p3 = await searchTickets(desk, 'admin', { query: 'kiwi', page: '3', limit: '2' });
    expect([...p1, ...p2, ...p3].map((t: { id: number }) => t.id)).toEqual(all);
    expect(p3.length).toBe(1);
  });

  it('defaults to 50 per page and clamps per_page to 200', async () => {
    await desk.db.query(
      `INSERT INTO tickets (group_id, priority_id, state_id, number, title, owner_id, customer_id)
       SELECT 1, 2, 1, 'bulk' || g, 'mango bulk ' || g, 1, 1 FROM generate_series(1, 230) g`,
    );
    expect((await searchTickets(desk, 'admin', { query: 'mango' })).length).toBe(50);
    expect((await searchTickets(desk, 'admin', { query: 'mango', per_page: '1000' })).length).toBe(200);
    expect((await searchTickets(desk, 'admin', { query: 'mango', limit: '500' })).length).toBe(200);
    expect((await searchTickets(desk, 'admin', { query: 'mango', per_page: '200', page: '2' })).length).toBe(
      30,
    );
    const total = await searchTickets(desk, 'admin', { query: 'mango', only_total_count: 'true' });
    expect(total).toEqual({ total_count: 230 });
  });

  it('replies with the assoc-ids shape, or names with expand', async () => {
    const [plain] = await searchTickets(desk, 'admin', { query: `number:${f.numbers.A}` });
    expect(plain?.id).toBe(f.t.A);
    expect(typeof plain?.number).toBe('string');
    expect(plain?.article_ids).toHaveLength(3);
    expect(plain?.ticket_time_accounting_ids).toEqual([]);
    expect(plain?.state).toBeUndefined();
    const [expanded] = await searchTickets(desk, 'admin', { query: `number:${f.numbers.A}`, expand: '1' });
    expect(expanded).toMatchObject({
      id: f.t.A,
      state: 'open',
      state_id: plain?.state_id,
      priority: '3 high',
      group: 'Users',
      owner: 'agent@example.org',
      customer: 'customer@example.org',
    });
  });

  it('replies {record_ids, assets, total_count} with full, {total_count} and {records, total_count}', async () => {
    const full = await searchTickets(desk, 'admin', { query: 'kiwi', full: 'true', per_page: '2' });
    expect(full.record_ids).toEqual([f.t.D, f.t.E]);
    expect(full.total_count).toBe(5);
    const assets = full.assets as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(assets.Ticket ?? {})).toEqual([String(f.t.D), String(f.t.E)]);
    expect(assets.User?.[String(f.users.colleague)]?.login).toBe('carla@example.org');
    expect(assets.User?.[String(f.users.colleague)]?.password).toBeUndefined();
    expect(assets.Group?.['1']?.name).toBe('Users');
    expect(await searchTickets(desk, 'admin', { query: 'kiwi', only_total_count: 'true' })).toEqual({
      total_count: 5,
    });
    const wrapped = await searchTickets(desk, 'admin', {
      query: 'kiwi',
      with_total_count: 'true',
      per_page: '1',
    });
    expect(wrapped.total_count).toBe(5);
    expect((wrapped.records as unknown[]).length).toBe(1);
    // expand wins over full.
    const both = await searchTickets(desk, 'admin', { query: 'kiwi', full: 'true', expand: 'true' });
    expect(Array.isArray(both)).toBe(true);
  });
});

describe('search index maintenance', () => {
  it('follows title changes, new, edited and deleted articles', async () => {
    const res = await desk.api('/tickets', {
      as: 'admin',
      method: 'POST',
      body: JSON.stringify({
        title: 'papaya first',
        group: 'Users',
        customer_id: f.users.customer,
        article: { body: 'nothing' },
      }),
    });
    const t = await json(res);
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'papaya' }))).toEqual([t.id]);
    await desk.db.query(`UPDATE tickets SET title = 'guava second' WHERE id = $1`, [t.id]);
    expect(await searchTickets(desk, 'admin', { query: 'papaya' })).toEqual([]);
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'guava' }))).toEqual([t.id]);
    const [a] = await desk.db.query<{ id: number }>(
      `INSERT INTO ticket_articles (ticket_id, type_id, sender_id, body) VALUES ($1, 1, 1, 'lychee') RETURNING id`,
      [t.id],
    );
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'lychee' }))).toEqual([t.id]);
    await desk.db.query(`UPDATE ticket_articles SET body = 'durian' WHERE id = $1`, [a?.id]);
    expect(await searchTickets(desk, 'admin', { query: 'lychee' })).toEqual([]);
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'durian' }))).toEqual([t.id]);
    await desk.db.query(`DELETE FROM ticket_articles WHERE id = $1`, [a?.id]);
    expect(await searchTickets(desk, 'admin', { query: 'durian' })).toEqual([]);
    expect(idsOf(await searchTickets(desk, 'admin', { query: 'guava' }))).toEqual([t.id]);
  });
});

describe('user and organization search', () => {
  it('finds users by name, e-mail and fields, never returning passwords or the system user', async () => {
    const res = await desk.api('/users/search?query=carla', { as: 'agent' });
    expect(res.status).toBe(200);
    const list = await json(res);
    expect(list.map((u: { id: number }) => u.id)).toEqual([f.users.colleague]);
    expect(list[0].password).toBeUndefined();
    expect(list[0].role_ids).toEqual([3]);
    expect(
      idsOf(await json(await desk.api('/users/search?query=bob@other.example', { as: 'agent' }))),
    ).toEqual([f.users.customerB]);
    const byOrg = await json(
      await desk.api(
        `/users/search?${new URLSearchParams({ query: 'organization.name:"Other Institute"' })}`,
        {
          as: 'agent',
        },
      ),
    );
    expect(idsOf(byOrg)).toEqual([f.users.customerB]);
    const all = await json(await desk.api('/users/search?query=&per_page=200', { as: 'admin' }));
    expect(all.map((u: { id: number }) => u.id)).not.toContain(1);
    expect(all.every((u: Record<string, unknown>) => !('password' in u))).toBe(true);
  });

  it('filters by role_ids[] and sorts active first by default', async () => {
    await desk.db.query('UPDATE users SET active = false WHERE id = $1', [f.users.lonely]);
    const agents = await json(
      await desk.api('/users/search?query=&role_ids[]=2&per_page=200', { as: 'admin' }),
    );
    const ids = agents.map((u: { id: number }) => u.id);
    expect(ids).toContain(f.users.agent);
    expect(ids).not.toContain(f.users.customerB);
    expect(ids[ids.length - 1]).toBe(f.users.lonely);
    const both = await json(
      await desk.api('/users/search?query=&role_ids[]=2&role_ids[]=3&per_page=200', { as: 'admin' }),
    );
    expect(both.map((u: { id: number }) => u.id)).toEqual(
      expect.arrayContaining([f.users.agent, f.users.customerB]),
    );
    await desk.db.query('UPDATE users SET active = true WHERE id = $1', [f.users.lonely]);
  });

  it('switches to label/value pairs with term or label=true', async () => {
    const res = await desk.api('/users/search?term=carla', { as: 'agent' });
    expect(await json(res)).toEqual([
      {
        id: f.users.colleague,
        label: 'Carla Colleague <carla@example.org>',
        value: 'carla@example.org',
        inactive: false,
      },
    ]);
    const labelled = await json(await desk.api('/users/search?query=bob&label=true', { as: 'agent' }));
    expect(labelled).toEqual([
      {
        id: f.users.customerB,
        label: 'Bob Builder <bob@other.example>',
        value: 'bob@other.example',
        inactive: false,
      },
    ]);
  });

  it('supports expand, full, totals and POST', async () => {
    const [expanded] = await json(await desk.api('/users/search?query=carla&expand=true', { as: 'admin' }));
    expect(expanded.roles).toEqual(['Customer']);
    expect(expanded.organization).toBe('Demo University');
    const full = await json(await desk.api('/users/search?query=carla&full=true', { as: 'admin' }));
    expect(full.record_ids).toEqual([f.users.colleague]);
    expect(full.total_count).toBe(1);
    expect(full.assets.User[String(f.users.colleague)].login).toBe('carla@example.org');
    const posted = await desk.api('/users/search', {
      as: 'admin',
      method: 'POST',
      body: JSON.stringify({ query: 'carla', with_total_count: true }),
    });
    expect(await json(posted)).toMatchObject({ total_count: 1, records: [{ id: f.users.colleague }] });
  });

  it('finds organizations by name, domain and fields', async () => {
    const res = await desk.api('/organizations/search?query=other', { as: 'agent' });
    expect(res.status).toBe(200);
    const list = await json(res);
    expect(list.map((o: { name: string }) => o.name)).toEqual(['Other Institute']);
    expect(list[0].member_ids).toEqual([f.users.customerB]);
    const byDomain = await json(
      await desk.api('/organizations/search?query=domain:other.example', { as: 'agent' }),
    );
    expect(byDomain.map((o: { name: string }) => o.name)).toEqual(['Other Institute']);
    const shared = await json(await desk.api('/organizations/search?query=shared:false', { as: 'agent' }));
    expect(shared.map((o: { name: string }) => o.name)).toEqual(['Other Institute']);
    const total = await json(
      await desk.api('/organizations/search?query=&only_total_count=true', { as: 'admin' }),
    );
    expect(total).toEqual({ total_count: 2 });
  });
});

describe('global search', () => {
  it('replies {assets, result:[{type, id}]} over tickets, users and organizations', async () => {
    const res = await desk.api('/search?query=bob', { as: 'admin' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.result).toEqual([
      { type: 'Ticket', id: f.t.B },
      { type: 'User', id: f.users.customerB },
    ]);
    expect(body.assets.Ticket[String(f.t.B)].title).toBe('kiwi VPN access');
    expect(body.assets.User[String(f.users.customerB)].login).toBe('bob@other.example');
  });

  it('restricts types by path, limits per type and groups with by_object', async () => {
    const only = await json(await desk.api('/search/Organization-User?query=other', { as: 'admin' }));
    expect(only.result.map((r: { type: string }) => r.type)).toEqual(['User', 'User', 'Organization']);
    const limited = await json(await desk.api('/search/Ticket?query=kiwi&limit=2', { as: 'admin' }));
    expect(limited.result).toEqual([
      { type: 'Ticket', id: f.t.D },
      { type: 'Ticket', id: f.t.E },
    ]);
    const grouped = await json(await desk.api('/search?query=kiwi&limit=2&by_object=true', { as: 'admin' }));
    expect(grouped.result.Ticket).toEqual({ object_ids: [f.t.D, f.t.E], total_count: 5 });
    expect(grouped.result.User).toEqual({ object_ids: [], total_count: 0 });
    const def = await json(await desk.api('/search/Ticket?query=mango', { as: 'admin' }));
    expect(def.result.length).toBe(10);
  });
});
