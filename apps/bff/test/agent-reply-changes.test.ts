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
  const res = await b.signIn(who);
  expect(res.status).toBe(200);
  return { b, me: res.body.user as { id: number } };
}

async function customerTicket(title: string) {
  const { b } = await signedIn(DEMO.customer);
  const res = await b.request('/bff/tickets', { method: 'POST', body: { title, body: 'Help, please.' } });
  expect(res.status).toBe(201);
  return res.body as { id: number };
}

type Named = { id: number; name: string; state_type?: string };

describe('an agent reply that also changes the ticket', () => {
  it('changes state, priority, owner and group and adds the article in one submit', async () => {
    const t = await customerTicket(`one submit ${Date.now()}`);
    const { b, me } = await signedIn(DEMO.agent);
    const ref = (await b.request('/bff/reference')).body as {
      states: Named[];
      priorities: Named[];
      groups: Named[];
    };
    const pending = ref.states.find((s) => s.name === 'pending reminder') as Named;
    const high = ref.priorities.find((p) => p.name === '3 high') as Named;
    const before = (await b.request(`/bff/tickets/${t.id}`)).body;
    const group = ref.groups.find((g) => g.id !== before.ticket.group_id) ?? ref.groups[0];
    expect(group).toBeDefined();
    const when = new Date(Date.now() + 86_400_000).toISOString();

    // A pending state without its time is refused before anything is written.
    const noTime = await b.request(`/bff/tickets/${t.id}/articles`, {
      method: 'POST',
      body: { body: 'Waiting for you', internal: false, state_id: pending.id },
    });
    expect(noTime.status).toBe(422);
    expect(noTime.body.error).toMatch(/pending time/);

    const res = await b.request(`/bff/tickets/${t.id}/articles`, {
      method: 'POST',
      body: {
        body: '<p>All <b>in one</b></p>',
        content_type: 'text/html',
        internal: true,
        state_id: pending.id,
        priority_id: high.id,
        owner_id: me.id,
        group_id: group?.id,
        pending_time: when,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ internal: true, content_type: 'text/html' });
    expect(res.body.body).toContain('in one');

    const after = (await b.request(`/bff/tickets/${t.id}`)).body;
    expect(after.ticket).toMatchObject({
      state_id: pending.id,
      priority_id: high.id,
      group_id: group?.id,
    });
    expect(after.ticket.owner?.id).toBe(me.id);
    // The agent's note, plus the mail the seeded trigger sent the customer about the new state
    // (an internal System article, docs/mail.md "Triggers and webhooks").
    const own = (list: { sender: string }[]) => list.filter((a) => a.sender !== 'System');
    expect(own(after.articles)).toHaveLength(own(before.articles).length + 1);
    const told = after.articles.filter(
      (a: { sender: string; internal: boolean; subject: string | null }) =>
        a.sender === 'System' && a.internal && a.subject?.startsWith('Your request is now pending reminder'),
    );
    expect(told).toHaveLength(1);
    // One upstream update: the desk's history shows the article's changes by one person at once.
    const up = await deskAs(DEMO.agent.login, DEMO.agent.password, `/tickets/${t.id}`);
    expect(new Date(up.body.pending_time).toISOString()).toBe(when);

    // Unassigning goes through the same request (null owner).
    const un = await b.request(`/bff/tickets/${t.id}/articles`, {
      method: 'POST',
      body: { body: 'Giving it back', internal: true, owner_id: null },
    });
    expect(un.status).toBe(201);
    expect((await b.request(`/bff/tickets/${t.id}`)).body.ticket.owner).toBeNull();
  });

  it('refuses a move to a group the agent cannot access, saving neither the article nor any change', async () => {
    const t = await customerTicket(`no access ${Date.now()}`);
    const admin = (path: string, init: RequestInit = {}) =>
      deskAs(DEMO.admin.login, DEMO.admin.password, path, init);
    const created = await admin('/groups', {
      method: 'POST',
      body: JSON.stringify({ name: `Closed shop ${Date.now()}` }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { b } = await signedIn(DEMO.agent);
    const ref = (await b.request('/bff/reference')).body as { states: Named[]; priorities: Named[] };
    const open = ref.states.find((s) => s.name === 'open') as Named;
    const high = ref.priorities.find((p) => p.name === '3 high') as Named;
    const before = (await b.request(`/bff/tickets/${t.id}`)).body;

    const res = await b.request(`/bff/tickets/${t.id}/articles`, {
      method: 'POST',
      body: {
        body: 'This must not be saved',
        internal: false,
        state_id: open.id,
        priority_id: high.id,
        group_id: created.body.id,
      },
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatch(/no access to the group .*nothing was saved/);

    const after = (await b.request(`/bff/tickets/${t.id}`)).body;
    expect(after.articles).toHaveLength(before.articles.length);
    expect(after.ticket).toMatchObject({
      state_id: before.ticket.state_id,
      priority_id: before.ticket.priority_id,
      group_id: before.ticket.group_id,
    });
  });

  it('keeps the composer choices in the shared draft', async () => {
    const t = await customerTicket(`draft choices ${Date.now()}`);
    const { b, me } = await signedIn(DEMO.agent);
    const when = new Date(Date.now() + 3_600_000).toISOString();
    const put = await b.request(`/bff/agent/tickets/${t.id}/draft`, {
      method: 'PUT',
      body: {
        body: 'Half',
        internal: false,
        state_id: 2,
        priority_id: 3,
        group_id: 1,
        owner: me.id,
        pending_time: when,
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const got = (await b.request(`/bff/agent/tickets/${t.id}/draft`)).body.draft;
    expect(got).toMatchObject({ state_id: 2, priority_id: 3, group_id: 1, owner: me.id, pending_time: when });
    await b.request(`/bff/agent/tickets/${t.id}/draft`, {
      method: 'PUT',
      body: { body: 'Half', internal: false, state_id: null, owner: 'unassigned' },
    });
    const again = (await b.request(`/bff/agent/tickets/${t.id}/draft`)).body.draft;
    expect(again).toMatchObject({
      state_id: null,
      priority_id: null,
      owner: 'unassigned',
      pending_time: null,
    });
    const bad = await b.request(`/bff/agent/tickets/${t.id}/draft`, {
      method: 'PUT',
      body: { body: 'Half', internal: false, state_id: null, owner: 'someone' },
    });
    expect(bad.status).toBe(400);
  });
});
