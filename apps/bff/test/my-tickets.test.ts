import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, deskAs, type RunningBff, startBff } from './harness.ts';

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

const admin = (path: string, init: RequestInit = {}) =>
  deskAs(DEMO.admin.login, DEMO.admin.password, path, init);
const tag = () => randomBytes(4).toString('hex');

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  expect((await b.signIn(who)).status).toBe(200);
  return b;
}

/** A user made through the desk's API by the admin. */
async function makeUser(roles: string[], extra: Record<string, unknown> = {}) {
  const login = `${roles[0]?.toLowerCase()}-${tag()}@example.org`;
  const password = `pass-${tag()}-long`;
  const res = await admin('/users', {
    method: 'POST',
    body: JSON.stringify({
      login,
      email: login,
      firstname: 'Test',
      lastname: roles[0],
      password,
      roles,
      ...extra,
    }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as number, login, password };
}

/** A group with the given follow-up rule, an agent with full access to it, and a way to open tickets there. */
async function groupWithAgent(followUp: 'yes' | 'new_ticket') {
  const group = await admin('/groups', {
    method: 'POST',
    body: JSON.stringify({ name: `Follow-up ${followUp} ${tag()}`, follow_up_possible: followUp }),
  });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  const agent = await makeUser(['Agent'], { group_ids: { [group.body.id]: ['full'] } });
  const asAgent = (path: string, init: RequestInit = {}) => deskAs(agent.login, agent.password, path, init);
  return {
    groupId: group.body.id as number,
    asAgent,
    async ticketFor(customer: string, title: string, extra: Record<string, unknown> = {}) {
      const t = await asAgent('/tickets', {
        method: 'POST',
        body: JSON.stringify({
          title,
          group_id: group.body.id,
          customer,
          article: { body: 'Opened for the customer.', type: 'note', internal: false },
          ...extra,
        }),
      });
      expect(t.status, JSON.stringify(t.body)).toBe(201);
      return t.body.id as number;
    },
  };
}

describe('my tickets: state, search and scope', () => {
  it("separates the customer's own tickets from their shared organization's", async () => {
    const org = await admin('/organizations/search?query=Demo%20University');
    const orgId = (org.body as { id: number; name: string }[]).find((o) => o.name === 'Demo University')?.id;
    expect(orgId).toBeDefined();
    const colleague = await makeUser(['Customer'], { organization_id: orgId });
    const word = `colleague${tag()}`;
    const c = await signedIn({ login: colleague.login, password: colleague.password });
    const theirs = await c.request('/bff/tickets', {
      method: 'POST',
      body: { title: `Storage ${word}`, body: 'x' },
    });
    expect(theirs.status).toBe(201);

    const b = await signedIn(DEMO.customer);
    const mine = await b.request(`/bff/tickets?scope=mine&q=${word}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([]);
    expect(mine.body.shared_organization).toBe(true);
    const shared = await b.request(`/bff/tickets?scope=organization&q=${word}`);
    expect(shared.body.items.map((t: { id: number }) => t.id)).toEqual([theirs.body.id]);
    expect(shared.body.total_count).toBe(1);
    // every item of scope=mine is the customer's own
    const all = await b.request('/bff/tickets?scope=mine&per_page=100');
    expect(all.body.items.length).toBeGreaterThan(0);
    const me = (await b.request('/bff/session')).body.user.id;
    expect(all.body.items.every((t: { customer: { id: number } }) => t.customer.id === me)).toBe(true);
  });

  it('says when the organization is not shared, and is false for agents', async () => {
    const org = await admin('/organizations', {
      method: 'POST',
      body: JSON.stringify({ name: `Private lab ${tag()}`, shared: false }),
    });
    expect(org.status).toBe(201);
    const loner = await makeUser(['Customer'], { organization_id: org.body.id });
    const other = await makeUser(['Customer'], { organization_id: org.body.id });
    const word = `private${tag()}`;
    const o = await signedIn({ login: other.login, password: other.password });
    expect(
      (await o.request('/bff/tickets', { method: 'POST', body: { title: `Lab ${word}`, body: 'x' } })).status,
    ).toBe(201);
    const b = await signedIn({ login: loner.login, password: loner.password });
    const list = await b.request(`/bff/tickets?scope=organization&q=${word}`);
    expect(list.status).toBe(200);
    expect(list.body.shared_organization).toBe(false);
    expect(list.body.items).toEqual([]);
    const nobody = await makeUser(['Customer']);
    const n = await signedIn({ login: nobody.login, password: nobody.password });
    expect((await n.request('/bff/tickets')).body.shared_organization).toBe(false);
    const agent = await signedIn(DEMO.agent);
    expect((await agent.request('/bff/tickets?per_page=1')).body.shared_organization).toBe(false);
  });

  it('filters open, waiting and closed, searches, and pages', async () => {
    const b = await signedIn(DEMO.customer);
    const word = `filter${tag()}`;
    const ids: number[] = [];
    for (const n of [1, 2, 3]) {
      const r = await b.request('/bff/tickets', {
        method: 'POST',
        body: { title: `Quota ${word} ${n}`, body: 'x' },
      });
      ids.push(r.body.id);
    }
    const [waiting, closed] = ids as [number, number, number];
    const pending = await deskAs(DEMO.agent.login, DEMO.agent.password, `/tickets/${waiting}`, {
      method: 'PUT',
      body: JSON.stringify({
        state: 'pending reminder',
        pending_time: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    });
    expect(pending.status).toBe(200);
    expect(
      (await b.request(`/bff/tickets/${closed}`, { method: 'PATCH', body: { state: 'closed' } })).status,
    ).toBe(200);

    const q = (query: string) => b.request(`/bff/tickets?scope=mine&q=${word}&${query}`);
    const ids_ = (r: { body: { items: { id: number }[] } }) => r.body.items.map((t) => t.id).sort();
    expect(ids_(await q('state=waiting'))).toEqual([waiting]);
    expect(ids_(await q('state=closed'))).toEqual([closed]);
    expect(ids_(await q('state=open'))).toEqual([ids[0], ids[2]].sort());
    expect(ids_(await q('state=all'))).toEqual([...ids].sort());
    const page1 = await q('per_page=2&page=1');
    const page2 = await q('per_page=2&page=2');
    expect(page1.body).toMatchObject({ total_count: 3, has_more: true, page: 1 });
    expect(page2.body).toMatchObject({ total_count: 3, has_more: false, page: 2 });
    expect(page2.body.items).toHaveLength(1);
    // last activity first: the closed one changed last
    expect(page1.body.items[0].id).toBe(closed);
    expect((await b.request('/bff/tickets?state=pending')).status).toBe(400);
    expect((await b.request('/bff/tickets?scope=everyone')).status).toBe(400);
  });
});

describe('ticket detail: follow-up, close and reopen', () => {
  it("lets the customer close and reopen on a 'yes' group", async () => {
    const g = await groupWithAgent('yes');
    const id = await g.ticketFor(DEMO.customer.login, `Reopenable ${tag()}`);
    const b = await signedIn(DEMO.customer);
    expect((await b.request(`/bff/tickets/${id}`)).body.follow_up).toEqual({
      possible: true,
      reopenable: true,
      closed_at: null,
      service: null,
    });
    const closed = await b.request(`/bff/tickets/${id}`, { method: 'PATCH', body: { state: 'closed' } });
    expect(closed.status).toBe(200);
    expect(closed.body.state_type).toBe('closed');
    const detail = await b.request(`/bff/tickets/${id}`);
    expect(detail.body.follow_up.possible).toBe(true);
    expect(Date.parse(detail.body.follow_up.closed_at)).toBeGreaterThan(Date.now() - 60_000);
    const reopened = await b.request(`/bff/tickets/${id}`, { method: 'PATCH', body: { state: 'open' } });
    expect(reopened.status).toBe(200);
    expect(reopened.body.state).toBe('open');
    // customers choose open or closed only
    const pending = await b.request(`/bff/tickets/${id}`, {
      method: 'PATCH',
      body: { state: 'pending reminder' },
    });
    expect(pending.status).toBe(422);
    // a reply to the closed ticket reopens it
    expect(
      (await b.request(`/bff/tickets/${id}`, { method: 'PATCH', body: { state: 'closed' } })).body.state_type,
    ).toBe('closed');
    const replied = await b.request(`/bff/tickets/${id}/articles`, {
      method: 'POST',
      body: { body: 'It is broken again.' },
      headers: { 'Idempotency-Key': `reopen-${tag()}` },
    });
    expect(replied.status).toBe(201);
    expect(replied.body).toMatchObject({ body: 'It is broken again.', internal: false });
    const after = await b.request(`/bff/tickets/${id}`);
    expect(after.body.ticket).toMatchObject({ state: 'open', state_type: 'open' });
    expect(
      after.body.articles.filter((a: { body: string }) => a.body === 'It is broken again.'),
    ).toHaveLength(1);
  });

  it("says a closed ticket on a 'new_ticket' group takes no follow-up, and the reopen is refused", async () => {
    const g = await groupWithAgent('new_ticket');
    const id = await g.ticketFor(DEMO.customer.login, `One-shot ${tag()}`, { eosc_service: 'egi-check-in' });
    const b = await signedIn(DEMO.customer);
    expect((await b.request(`/bff/tickets/${id}`)).body.follow_up).toMatchObject({
      possible: true,
      reopenable: false,
    });
    expect(
      (await b.request(`/bff/tickets/${id}`, { method: 'PATCH', body: { state: 'closed' } })).status,
    ).toBe(200);
    const detail = await b.request(`/bff/tickets/${id}`);
    expect(detail.body.follow_up.possible).toBe(false);
    expect(detail.body.follow_up.closed_at).toEqual(expect.any(String));
    expect(detail.body.follow_up.service).toBe('egi-check-in');
    const reopen = await b.request(`/bff/tickets/${id}`, { method: 'PATCH', body: { state: 'open' } });
    expect(reopen.status).toBe(422);
    expect(reopen.body).toMatchObject({
      code: 'invalid',
      error: 'Cannot follow-up on a closed ticket. Please create a new ticket.',
    });
    // nor does a reply reopen it
    const reply = await b.request(`/bff/tickets/${id}/articles`, {
      method: 'POST',
      body: { body: 'Still there?' },
      headers: { 'Idempotency-Key': `no-reopen-${tag()}` },
    });
    expect(reply.status).toBe(422);
    expect((await b.request(`/bff/tickets/${id}`)).body.ticket.state_type).toBe('closed');
    // an agent of the group may still follow up
    const agentView = await g.asAgent(`/tickets/${id}`, {
      method: 'PUT',
      body: JSON.stringify({ state: 'open' }),
    });
    expect(agentView.status).toBe(200);
  });
});
