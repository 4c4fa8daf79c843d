import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, type RunningDesk, startDesk } from './harness.ts';

let desk: RunningDesk;
const otherCustomer: Credentials = { basic: ['rules-other@example.org', 'Rules-other-1'] };

async function call(as: Credentials, method: string, path: string, body?: unknown, contract = true) {
  const res = await desk.api(path, {
    as,
    method,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    contract,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function ticket(as: Credentials, extra: Record<string, unknown> = {}) {
  const r = await call(as, 'POST', '/tickets', {
    title: 'rules',
    group: 'Users',
    article: {
      body: 'hello',
      attachments: [
        {
          filename: 'a.txt',
          data: Buffer.from(`file ${Math.random()}`).toString('base64'),
          'mime-type': 'text/plain',
        },
      ],
    },
    ...extra,
  });
  expect(r.status).toBe(201);
  return r.body;
}

beforeAll(async () => {
  desk = await startDesk();
  expect(
    (
      await call('admin', 'POST', '/users', {
        email: 'rules-other@example.org',
        password: 'Rules-other-1',
        roles: ['Customer'],
      })
    ).status,
  ).toBe(201);
  // A select with options, which the customers' edit screen hides, and one it shows and requires.
  for (const [name, edit] of [
    ['rules_level', { 'ticket.customer': { shown: false }, 'ticket.agent': { shown: true } }],
    ['rules_area', { 'ticket.customer': { shown: true, required: true }, 'ticket.agent': { shown: true } }],
  ] as const) {
    const created = await call('admin', 'POST', '/object_manager_attributes', {
      object: 'Ticket',
      name,
      display: name,
      data_type: 'select',
      data_option: { options: { low: 'Low', high: 'High' }, default: '' },
      screens: { create_middle: { '-all-': { shown: true } }, edit },
    });
    expect(created.status).toBe(201);
  }
  expect((await call('admin', 'POST', '/object_manager_attributes_execute_migrations')).status).toBe(200);
});
afterAll(async () => {
  await desk?.close();
});

describe('ticket updates follow the object manager and the edit screen', () => {
  it('a select takes only its options (422), from agents too', async () => {
    const t = await ticket('customer');
    expect((await call('agent', 'PUT', `/tickets/${t.id}`, { rules_level: 'bogus' }, false)).status).toBe(
      422,
    );
    expect((await call('agent', 'PUT', `/tickets/${t.id}`, { rules_level: 'high' })).body.rules_level).toBe(
      'high',
    );
  });

  it("a field hidden from customers' edit screen is not theirs to write; a required one cannot be blanked", async () => {
    const t = await ticket('customer', { rules_area: 'low' });
    const r = await call('customer', 'PUT', `/tickets/${t.id}`, { rules_level: 'high', rules_area: 'high' });
    expect(r.status).toBe(200);
    expect(r.body.rules_level).toBeNull();
    expect(r.body.rules_area).toBe('high');
    expect((await call('customer', 'PUT', `/tickets/${t.id}`, { rules_area: '' }, false)).status).toBe(422);
  });

  it('columns that are no custom field are not writable (type, server-owned ones)', async () => {
    const t = await ticket('customer');
    const r = await call('agent', 'PUT', `/tickets/${t.id}`, {
      type: 'problem',
      article_count: 99,
      number: '1',
    });
    expect(r.status).toBe(200);
    expect(r.body.type).toBeNull();
    expect(r.body.article_count).toBe(1);
  });

  it('a customer cannot move their ticket to another group', async () => {
    const t = await ticket('customer');
    const groups = await call('admin', 'GET', '/groups');
    const other = groups.body.find((g: { id: number }) => g.id !== t.group_id);
    const r = await call('customer', 'PUT', `/tickets/${t.id}`, { group_id: other.id, title: 'moved?' });
    expect(r.status).toBe(200);
    expect(r.body.group_id).toBe(t.group_id);
    expect(r.body.title).toBe('moved?');
  });
});

describe('links and tags only on tickets the caller may read and tag', () => {
  it('a new ticket cannot be linked to a ticket the customer cannot read', async () => {
    const foreign = await ticket(otherCustomer);
    const r = await call('customer', 'POST', '/tickets', {
      title: 'link attempt',
      group: 'Users',
      article: { body: 'x' },
      links: { Ticket: { normal: [foreign.id] } },
    });
    expect(r.status).toBe(403);
    const links = await call('admin', 'GET', `/links?link_object=Ticket&link_object_value=${foreign.id}`);
    expect(links.body.links).toEqual([]);
  });

  it("a customer's tags on create are dropped (tagging is agents' business)", async () => {
    const t = await ticket('customer', { tags: 'vip,urgent' });
    expect((await call('agent', 'GET', `/tags?object=Ticket&o_id=${t.id}`)).body.tags).toEqual([]);
    const a = await ticket('agent', { customer: 'customer@example.org', tags: 'triaged' });
    expect((await call('agent', 'GET', `/tags?object=Ticket&o_id=${a.id}`)).body.tags).toEqual(['triaged']);
  });
});

describe('POST /ticket_articles keeps the follow-up rule', () => {
  it('a customer cannot write on a closed ticket of a group without follow-ups (422)', async () => {
    const groups = await call('admin', 'GET', '/groups');
    const firstLine = groups.body.find((g: { name: string }) => g.name === 'First-Line Support');
    expect(
      (await call('admin', 'PUT', `/groups/${firstLine.id}`, { follow_up_possible: 'new_ticket' })).status,
    ).toBe(200);
    const t = await ticket('agent', { customer: 'customer@example.org', group_id: firstLine.id });
    expect((await call('agent', 'PUT', `/tickets/${t.id}`, { state: 'closed' })).status).toBe(200);
    const r = await call(
      'customer',
      'POST',
      '/ticket_articles',
      { ticket_id: t.id, body: 'one more thing' },
      false,
    );
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/Cannot follow-up on a closed ticket/);
    // Agents with change on the group still may.
    expect(
      (await call('admin', 'POST', '/ticket_articles', { ticket_id: t.id, body: 'note', internal: true }))
        .status,
    ).toBe(201);
  });
});

describe('search conditions cannot probe what a customer may not read', () => {
  it.each([
    'owner.email',
    'owner.login',
    'customer.email',
    'customer.phone',
    'organization.note',
    'ticket.mention_user_ids',
  ])('%s: 422 for customers', async (name) => {
    const q = new URLSearchParams({
      query: '*',
      [`condition[${name}][operator]`]: 'contains',
      [`condition[${name}][value]`]: 'a',
    });
    if (name === 'ticket.mention_user_ids') {
      q.set(`condition[${name}][operator]`, 'is');
      q.set(`condition[${name}][value]`, '1');
    }
    const r = await call('customer', 'GET', `/tickets/search?${q}`, undefined, false);
    expect(r.status).toBe(422);
    const agent = await call('agent', 'GET', `/tickets/search?${q}`, undefined, false);
    expect(agent.status, JSON.stringify(agent.body)).toBe(200);
  });

  it('the fields a customer sees stay usable', async () => {
    const q = new URLSearchParams({
      query: '*',
      'condition[owner.firstname][operator]': 'contains',
      'condition[owner.firstname][value]': 'x',
    });
    expect((await call('customer', 'GET', `/tickets/search?${q}`)).status).toBe(200);
  });
});

describe('deleting a ticket deletes its stored files', () => {
  it('no file of a deleted ticket stays in the store (shared files stay while used)', async () => {
    const before = await desk.db.query<{ n: number }>('SELECT count(*)::int AS n FROM store_files');
    const t = await ticket('customer');
    expect((await call('admin', 'DELETE', `/tickets/${t.id}`, undefined, false)).status).toBe(200);
    const after = await desk.db.query<{ n: number }>('SELECT count(*)::int AS n FROM store_files');
    expect(after[0]?.n).toBe(before[0]?.n);
    const orphans = await desk.db.query(
      'SELECT f.id FROM store_files f WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.store_file_id = f.id)',
    );
    expect(orphans).toEqual([]);
  });
});
