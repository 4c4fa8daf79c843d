import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, deskAs, type RunningBff, startBff } from './harness.ts';

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  expect((await b.signIn(who)).status).toBe(200);
  return b;
}

async function openTicket(b: Browser, title: string, body = 'hello') {
  const res = await b.request('/bff/tickets', { method: 'POST', body: { title, body } });
  expect(res.status).toBe(201);
  return res.body as { id: number; number: string };
}

describe('reference data', () => {
  it('serves states with their types, priorities and groups in one route', async () => {
    const b = await signedIn(DEMO.agent);
    const res = await b.request('/bff/reference');
    expect(res.status).toBe(200);
    const states = Object.fromEntries(
      res.body.states.map((s: { name: string; state_type: string }) => [s.name, s.state_type]),
    );
    expect(states).toMatchObject({
      new: 'new',
      open: 'open',
      closed: 'closed',
      'pending close': 'pending action',
    });
    expect(res.body.priorities.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['1 low', '2 normal', '3 high']),
    );
    expect(res.body.groups.map((g: { name: string }) => g.name)).toContain('Users');
  });
});

describe('ticket screens', () => {
  it('resolves the people, organization, group, state and priority a ticket names', async () => {
    const c = await signedIn(DEMO.customer);
    const t = await openTicket(c, `names ${Date.now()}`);
    const a = await signedIn(DEMO.agent);
    const detail = await a.request(`/bff/tickets/${t.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.ticket).toMatchObject({
      customer: { name: 'Chris Customer' },
      organization: { name: 'Demo University' },
      group: 'Users',
      state: 'new',
      state_type: 'new',
      priority: '2 normal',
      owner: null,
    });
    expect(detail.body.articles[0].author.name).toBe('Chris Customer');
    expect(detail.body.tags).toEqual([]);
  });

  it('lists with state filters, search and paging, newest activity first', async () => {
    const c = await signedIn(DEMO.customer);
    const marker = `zebra${Date.now()}`;
    const first = await openTicket(c, `${marker} one`);
    const second = await openTicket(c, `${marker} two`);
    const a = await signedIn(DEMO.agent);
    expect(
      (await a.request(`/bff/tickets/${first.id}`, { method: 'PATCH', body: { state_id: 4 } })).status,
    ).toBe(200);

    const found = await c.request(`/bff/tickets?q=${marker}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((t: { id: number }) => t.id)).toEqual([first.id, second.id]);
    expect(found.body.total_count).toBe(2);

    const open = await c.request(`/bff/tickets?q=${marker}&state=open`);
    expect(open.body.items.map((t: { id: number }) => t.id)).toEqual([second.id]);
    const closed = await c.request(`/bff/tickets?q=${marker}&state=closed`);
    expect(closed.body.items.map((t: { id: number }) => t.id)).toEqual([first.id]);
    expect(closed.body.items[0]).toMatchObject({ state: 'closed', state_type: 'closed' });

    const page1 = await c.request(`/bff/tickets?q=${marker}&per_page=1`);
    expect(page1.body).toMatchObject({ page: 1, per_page: 1, has_more: true, total_count: 2 });
    const page2 = await c.request(`/bff/tickets?q=${marker}&per_page=1&page=2`);
    expect(page2.body).toMatchObject({ has_more: false });
    expect(page2.body.items[0].id).toBe(second.id);
  });

  it('filters by owner and group for agents, and changes owner, priority, group and state', async () => {
    const c = await signedIn(DEMO.customer);
    const t = await openTicket(c, `assign ${Date.now()}`);
    const a = await signedIn(DEMO.agent);
    const me = (await a.request('/bff/session')).body.user.id;

    const unassigned = await a.request('/bff/tickets?owner=unassigned&per_page=100&state=open');
    expect(unassigned.body.items.map((x: { id: number }) => x.id)).toContain(t.id);

    const changed = await a.request(`/bff/tickets/${t.id}`, {
      method: 'PATCH',
      body: { owner_id: me, priority_id: 3, state_id: 2 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      owner: { id: me, name: 'Alex Agent' },
      priority: '3 high',
      state: 'open',
    });

    const mine = await a.request('/bff/tickets?owner=me&per_page=100');
    expect(mine.body.items.map((x: { id: number }) => x.id)).toContain(t.id);
    const ref = (await a.request('/bff/reference')).body;
    const users = ref.groups.find((g: { name: string }) => g.name === 'Users').id;
    const inGroup = await a.request(`/bff/tickets?group_id=${users}&per_page=100`);
    expect(inGroup.body.items.every((x: { group: string }) => x.group === 'Users')).toBe(true);

    const back = await a.request(`/bff/tickets/${t.id}`, { method: 'PATCH', body: { owner_id: null } });
    expect(back.body.owner).toBeNull();
    const bad = await a.request(`/bff/tickets/${t.id}`, { method: 'PATCH', body: {} });
    expect(bad.status).toBe(400);
  });

  it('shows the portal home: my open tickets and recent activity', async () => {
    const c = await signedIn(DEMO.customer);
    const t = await openTicket(c, `home ${Date.now()}`);
    const home = await c.request('/bff/home');
    expect(home.status).toBe(200);
    expect(home.body.my_open.items[0].id).toBe(t.id);
    expect(home.body.my_open.total_count).toBeGreaterThan(0);
    expect(home.body.recent[0].id).toBe(t.id);
    expect(home.body.my_open.items.every((x: { state_type: string }) => x.state_type !== 'closed')).toBe(
      true,
    );
  });

  it('replies: customers publicly, agents with internal notes the customer never sees', async () => {
    const c = await signedIn(DEMO.customer);
    const t = await openTicket(c, `reply ${Date.now()}`);
    const mine = await c.request(`/bff/tickets/${t.id}/articles`, {
      method: 'POST',
      body: { body: 'More detail', internal: true },
    });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ body: 'More detail', internal: false, sender: 'Customer' });

    const a = await signedIn(DEMO.agent);
    const note = await a.request(`/bff/tickets/${t.id}/articles`, {
      method: 'POST',
      body: { body: 'AGENT-ONLY note', internal: true },
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ internal: true, sender: 'Agent', author: { name: 'Alex Agent' } });
    const answer = await a.request(`/bff/tickets/${t.id}/articles`, {
      method: 'POST',
      body: { body: 'We are on it' },
    });
    expect(answer.body.internal).toBe(false);

    const seen = await c.request(`/bff/tickets/${t.id}`);
    expect(seen.body.articles.map((x: { body: string }) => x.body)).toEqual([
      'hello',
      'More detail',
      'We are on it',
    ]);
    const agentView = await a.request(`/bff/tickets/${t.id}`);
    const list = agentView.body.articles as { sender: string; internal: boolean; subject: string | null }[];
    expect(list.filter((x) => x.sender !== 'System')).toHaveLength(4);
    // The seeded triggers' mails to the customer (the auto-reply, the answer), internal for agents.
    expect(
      list.filter((x) => x.sender === 'System').map((x) => [x.internal, x.subject?.split(' (')[0]]),
    ).toEqual([
      [true, 'Thanks for your inquiry'],
      [true, 'New answer to your request'],
    ]);
  });

  it('tags tickets (agents) and refuses customers', async () => {
    const c = await signedIn(DEMO.customer);
    const t = await openTicket(c, `tags ${Date.now()}`);
    const a = await signedIn(DEMO.agent);
    const added = await a.request(`/bff/tickets/${t.id}/tags`, { method: 'POST', body: { name: 'vip' } });
    expect(added.status).toBe(200);
    expect(added.body.tags).toEqual(['vip']);
    await a.request(`/bff/tickets/${t.id}/tags`, { method: 'POST', body: { name: 'quota' } });
    expect((await a.request(`/bff/tickets/${t.id}`)).body.tags.sort()).toEqual(['quota', 'vip']);
    const removed = await a.request(`/bff/tickets/${t.id}/tags?name=vip`, { method: 'DELETE' });
    expect(removed.body.tags).toEqual(['quota']);
    const refused = await c.request(`/bff/tickets/${t.id}/tags`, { method: 'POST', body: { name: 'x' } });
    expect(refused.status).toBe(403);
    expect((await c.request(`/bff/tickets/${t.id}`)).body.tags).toEqual([]);
  });

  it('passes the upstream 422 through with its message', async () => {
    const a = await signedIn(DEMO.agent);
    const res = await a.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'x', body: 'y', group: 'no-such-group-xyz' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toContain('group');
  });
});

describe('Idempotency-Key', () => {
  it('replays a retried create instead of opening a second ticket', async () => {
    const c = await signedIn(DEMO.customer);
    const title = `idem ${Date.now()}`;
    const headers = { 'Idempotency-Key': `k-${Date.now()}-create` };
    const first = await c.request('/bff/tickets', { method: 'POST', body: { title, body: 'x' }, headers });
    const again = await c.request('/bff/tickets', { method: 'POST', body: { title, body: 'x' }, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const list = await c.request(`/bff/tickets?q=${encodeURIComponent(title)}`);
    expect(list.body.total_count).toBe(1);

    const other = await c.request('/bff/tickets', {
      method: 'POST',
      body: { title, body: 'changed' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('makes concurrent duplicate replies wait for the first: one article', async () => {
    const c = await signedIn(DEMO.customer);
    const t = await openTicket(c, `idem reply ${Date.now()}`);
    const headers = { 'Idempotency-Key': `k-${Date.now()}-reply` };
    const replies = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        c.request(`/bff/tickets/${t.id}/articles`, { method: 'POST', body: { body: 'once' }, headers }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    const detail = await c.request(`/bff/tickets/${t.id}`);
    expect(detail.body.articles.filter((x: { body: string }) => x.body === 'once')).toHaveLength(1);
  });

  it("never replays one person's key to another", async () => {
    const c = await signedIn(DEMO.customer);
    const a = await signedIn(DEMO.agent);
    const headers = { 'Idempotency-Key': `shared-${Date.now()}` };
    const one = await c.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'k1', body: 'x' },
      headers,
    });
    const two = await a.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'k1', body: 'x' },
      headers,
    });
    expect(two.status).toBe(201);
    expect(two.body.id).not.toBe(one.body.id);
  });

  it('rejects a malformed key', async () => {
    const c = await signedIn(DEMO.customer);
    const res = await c.request('/bff/tickets', {
      method: 'POST',
      body: { title: 't', body: 'x' },
      headers: { 'Idempotency-Key': 'has space in it' },
    });
    expect(res.status).toBe(400);
  });
});

describe('upstream shapes', () => {
  it('the desk sends what the BFF reads (full search)', async () => {
    const res = await deskAs(
      DEMO.agent.login,
      DEMO.agent.password,
      '/tickets/search?query=*&full=true&per_page=1',
    );
    expect(res.status).toBe(200);
    expect(res.body).toHaveProperty('record_ids');
    expect(res.body).toHaveProperty('assets');
  });
});
