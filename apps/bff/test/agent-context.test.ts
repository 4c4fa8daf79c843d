import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, openEvents, type RunningBff, startBff } from './harness.ts';

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
  return { b, me: res.body.user as { id: number; name: string; email: string } };
}

async function customerTicket(b: Browser, title: string) {
  const res = await b.request('/bff/tickets', { method: 'POST', body: { title, body: 'Help, please.' } });
  expect(res.status).toBe(201);
  return res.body as { id: number; number: string };
}

describe('the ticket context for agents', () => {
  it('gives the customer, their other tickets (newest first, counted) and the organization', async () => {
    const customer = await signedIn(DEMO.customer);
    const t1 = await customerTicket(customer.b, `context 1 ${Date.now()}`);
    const t2 = await customerTicket(customer.b, `context 2 ${Date.now()}`);
    const t3 = await customerTicket(customer.b, `context 3 ${Date.now()}`);
    const { b } = await signedIn(DEMO.agent);
    const res = await b.request(`/bff/agent/tickets/${t1.id}/context`);
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ id: customer.me.id, email: customer.me.email });
    expect(res.body.customer.name).toBe(customer.me.name);
    const ids = res.body.other_tickets.items.map((t: { id: number }) => t.id);
    expect(ids).not.toContain(t1.id);
    expect(ids.slice(0, 2)).toEqual([t3.id, t2.id]);
    expect(res.body.other_tickets.items.length).toBeLessThanOrEqual(10);
    expect(res.body.other_tickets.total_count).toBeGreaterThanOrEqual(ids.length);
    expect(res.body.other_tickets.items[0]).toMatchObject({ number: t3.number, state: 'new' });
    expect(res.body.links).toEqual([]);
    // The ticket's organization is the customer's.
    expect(res.body.customer.organization).toEqual(res.body.organization);

    expect((await b.request('/bff/agent/tickets/99999999/context')).status).toBe(404);
    expect((await b.request('/bff/agent/tickets/abc/context')).status).toBe(400);
  });

  it('adds a link by number with its type, shows it from both sides, and removes it', async () => {
    const customer = await signedIn(DEMO.customer);
    const t1 = await customerTicket(customer.b, `link 1 ${Date.now()}`);
    const t2 = await customerTicket(customer.b, `link 2 ${Date.now()}`);
    const { b } = await signedIn(DEMO.agent);
    const add = await b.request(`/bff/agent/tickets/${t1.id}/links`, {
      method: 'POST',
      body: { number: t2.number, type: 'parent' },
    });
    expect(add.status).toBe(200);
    expect(add.body.links).toHaveLength(1);
    expect(add.body.links[0]).toMatchObject({ type: 'parent', ticket: { id: t2.id, number: t2.number } });
    const other = await b.request(`/bff/agent/tickets/${t2.id}/context`);
    expect(other.body.links).toMatchObject([{ type: 'child', ticket: { id: t1.id } }]);

    const self = await b.request(`/bff/agent/tickets/${t1.id}/links`, {
      method: 'POST',
      body: { number: t1.number, type: 'normal' },
    });
    expect(self.status).toBe(422);
    const missing = await b.request(`/bff/agent/tickets/${t1.id}/links`, {
      method: 'POST',
      body: { number: '0000000', type: 'normal' },
    });
    expect(missing.status).toBe(422);
    const badType = await b.request(`/bff/agent/tickets/${t1.id}/links`, {
      method: 'POST',
      body: { number: t2.number, type: 'sibling' },
    });
    expect(badType.status).toBe(400);

    const del = await b.request(`/bff/agent/tickets/${t1.id}/links?ticket_id=${t2.id}&type=parent`, {
      method: 'DELETE',
    });
    expect(del.status).toBe(200);
    expect(del.body.links).toEqual([]);
    expect((await b.request(`/bff/agent/tickets/${t2.id}/context`)).body.links).toEqual([]);
  });

  it('gives the history newest first, with who changed what', async () => {
    const customer = await signedIn(DEMO.customer);
    const t = await customerTicket(customer.b, `history ${Date.now()}`);
    const { b, me } = await signedIn(DEMO.agent);
    const states = (await b.request('/bff/reference')).body.states as { id: number; name: string }[];
    const open = states.find((s) => s.name === 'open');
    expect(
      (await b.request(`/bff/tickets/${t.id}`, { method: 'PATCH', body: { state_id: open?.id } })).status,
    ).toBe(200);
    const res = await b.request(`/bff/agent/tickets/${t.id}/history`);
    expect(res.status).toBe(200);
    const change = res.body.items.find(
      (h: { attribute: string | null }) => h.attribute === 'state' || h.attribute === 'state_id',
    );
    expect(change).toMatchObject({
      type: 'updated',
      from: 'new',
      to: 'open',
      actor: { id: me.id, name: me.name },
    });
    const created = res.body.items.find(
      (h: { object: string; type: string }) => h.object === 'Ticket' && h.type === 'created',
    );
    expect(created.actor.id).toBe(customer.me.id);
    const ats = res.body.items.map((h: { at: string }) => h.at);
    expect([...ats].sort().reverse()).toEqual(ats);
  });

  it('refuses customers (403) on every route, checked by the BFF', async () => {
    const customer = await signedIn(DEMO.customer);
    const t = await customerTicket(customer.b, `refused ${Date.now()}`);
    const b = customer.b;
    for (const res of [
      await b.request(`/bff/agent/tickets/${t.id}/context`),
      await b.request(`/bff/agent/tickets/${t.id}/history`),
      await b.request(`/bff/agent/tickets/${t.id}/links`, {
        method: 'POST',
        body: { number: t.number, type: 'normal' },
      }),
      await b.request(`/bff/agent/tickets/${t.id}/links?ticket_id=1&type=normal`, { method: 'DELETE' }),
      await b.request(`/bff/agent/tickets/${t.id}/presence`, { method: 'POST', body: { state: 'viewing' } }),
      await b.request(`/bff/agent/tickets/${t.id}/presence/events`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    expect((await new Browser(bff.url).request(`/bff/agent/tickets/${t.id}/context`)).status).toBe(401);
  });
});

describe('collision detection (presence)', () => {
  it('shows each agent the others viewing and typing, live, never themselves; leaving removes them', async () => {
    const customer = await signedIn(DEMO.customer);
    const t = await customerTicket(customer.b, `presence ${Date.now()}`);
    const a = await signedIn(DEMO.agent);
    const bb = await signedIn(DEMO.admin);
    const beat = (who: Browser, state: string, client = 'tab1') =>
      who.request(`/bff/agent/tickets/${t.id}/presence`, { method: 'POST', body: { state, client } });

    const first = await beat(a.b, 'viewing');
    expect(first.status).toBe(200);
    expect(first.body.viewers).toEqual([]);

    const stream = await openEvents(a.b, `/bff/agent/tickets/${t.id}/presence/events`);
    expect(stream.res.status).toBe(200);
    await stream.waitFor((e) => e.event === 'presence' && JSON.parse(e.data).viewers.length === 0);

    const seenByB = await beat(bb.b, 'viewing');
    expect(seenByB.body.viewers).toMatchObject([{ user_id: a.me.id, name: a.me.name, state: 'viewing' }]);
    const viewing = await stream.waitFor(
      (e) =>
        e.event === 'presence' &&
        JSON.parse(e.data).viewers.some((v: { state: string }) => v.state === 'viewing'),
    );
    const v = JSON.parse(viewing.data);
    expect(v.ticket_id).toBe(t.id);
    expect(v.viewers).toMatchObject([{ user_id: bb.me.id, name: bb.me.name, state: 'viewing' }]);
    expect(Number.isNaN(Date.parse(v.viewers[0].since))).toBe(false);

    // A second tab of B that only views does not hide that B types in the first.
    await beat(bb.b, 'viewing', 'tab2');
    await beat(bb.b, 'typing');
    await stream.waitFor(
      (e) =>
        e.event === 'presence' &&
        JSON.parse(e.data).viewers.some((x: { state: string }) => x.state === 'typing'),
    );
    const again = await beat(a.b, 'viewing');
    expect(again.body.viewers).toMatchObject([{ user_id: bb.me.id, state: 'typing' }]);
    expect(again.body.viewers).toHaveLength(1);

    await beat(bb.b, 'left');
    await beat(bb.b, 'left', 'tab2');
    const count = stream.events.length;
    await stream.waitFor(
      (e) =>
        e.event === 'presence' &&
        stream.events.indexOf(e) >= count - 1 &&
        JSON.parse(e.data).viewers.length === 0,
    );
    expect((await beat(a.b, 'viewing')).body.viewers).toEqual([]);
    await stream.close();

    expect((await beat(a.b, 'sleeping')).status).toBe(400);
    expect(
      (
        await a.b.request('/bff/agent/tickets/99999999/presence', {
          method: 'POST',
          body: { state: 'viewing' },
        })
      ).status,
    ).toBe(404);
  });
});
