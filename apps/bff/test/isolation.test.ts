import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, deskAs, openEvents, type RunningBff, startBff } from './harness.ts';

let bff: RunningBff;
let foreign: { id: number; title: string };
let withNote: { id: number };
const secret = `SECRETNOTE${Date.now()}`;
const foreignWord = `foreignword${Date.now()}`;

beforeAll(async () => {
  bff = await startBff({ pollIntervalMs: 200 });
  // A ticket of another customer, and one of our customer's with an internal note.
  const other = await deskAs(DEMO.agent.login, DEMO.agent.password, '/tickets', {
    method: 'POST',
    body: JSON.stringify({
      title: `${foreignWord} elsewhere`,
      group: 'Users',
      customer_id: 'guess:isolation.other@example.net',
      article: { body: 'private matter of someone else' },
    }),
  });
  expect(other.status).toBe(201);
  foreign = { id: other.body.id, title: other.body.title };
  const mine = await deskAs(DEMO.agent.login, DEMO.agent.password, '/tickets', {
    method: 'POST',
    body: JSON.stringify({
      title: 'for the customer, with a note',
      group: 'Users',
      customer: DEMO.customer.login,
      article: { body: 'Public hello' },
    }),
  });
  withNote = { id: mine.body.id };
  const note = await deskAs(DEMO.agent.login, DEMO.agent.password, '/ticket_articles', {
    method: 'POST',
    body: JSON.stringify({
      ticket_id: withNote.id,
      body: `${secret} do not tell`,
      internal: true,
      type: 'note',
    }),
  });
  expect(note.status).toBe(201);
});
afterAll(async () => {
  await bff?.close();
});

async function customer() {
  const b = new Browser(bff.url);
  expect((await b.signIn(DEMO.customer)).status).toBe(200);
  return b;
}

describe("a customer cannot reach another customer's ticket through any route", () => {
  it('detail', async () => {
    const res = await (await customer()).request(`/bff/tickets/${foreign.id}`);
    expect([403, 404]).toContain(res.status);
    expect(JSON.stringify(res.body)).not.toContain('private matter');
  });

  it('list, search and home', async () => {
    const c = await customer();
    const all = await c.request('/bff/tickets?per_page=100');
    expect(all.body.items.map((t: { id: number }) => t.id)).not.toContain(foreign.id);
    const search = await c.request(`/bff/tickets?q=${foreignWord}`);
    expect(search.status).toBe(200);
    expect(search.body.items).toEqual([]);
    const home = await c.request('/bff/home?limit=50');
    expect(JSON.stringify(home.body)).not.toContain(foreignWord);
  });

  it('reply, update and tags', async () => {
    const c = await customer();
    const reply = await c.request(`/bff/tickets/${foreign.id}/articles`, {
      method: 'POST',
      body: { body: 'sneaky' },
    });
    expect([403, 404]).toContain(reply.status);
    const update = await c.request(`/bff/tickets/${foreign.id}`, {
      method: 'PATCH',
      body: { title: 'mine now' },
    });
    expect([403, 404]).toContain(update.status);
    const tag = await c.request(`/bff/tickets/${foreign.id}/tags`, { method: 'POST', body: { name: 'x' } });
    expect([403, 404]).toContain(tag.status);
    const untag = await c.request(`/bff/tickets/${foreign.id}/tags?name=x`, { method: 'DELETE' });
    expect([403, 404]).toContain(untag.status);
    const check = await deskAs(
      DEMO.agent.login,
      DEMO.agent.password,
      `/ticket_articles/by_ticket/${foreign.id}`,
    );
    expect(JSON.stringify(check.body)).not.toContain('sneaky');
    const title = await deskAs(DEMO.agent.login, DEMO.agent.password, `/tickets/${foreign.id}`);
    expect(title.body.title).toBe(foreign.title);
  });

  it('events', async () => {
    const c = await customer();
    const stream = await openEvents(c);
    try {
      await stream.waitFor((e) => e.event === 'ready');
      await new Promise((r) => setTimeout(r, 400)); // let the first poll set the baseline
      const agent = new Browser(bff.url);
      await agent.signIn(DEMO.agent);
      await agent.request(`/bff/tickets/${foreign.id}/articles`, {
        method: 'POST',
        body: { body: 'agent to other' },
      });
      await agent.request(`/bff/tickets/${withNote.id}/articles`, {
        method: 'POST',
        body: { body: 'to ours' },
      });
      const ev = await stream.waitFor((e) => e.event === 'tickets' && e.data.includes(`${withNote.id}`));
      expect(JSON.parse(ev.data).ids).toContain(withNote.id);
      for (const e of stream.events) {
        if (e.event === 'tickets') expect(JSON.parse(e.data).ids).not.toContain(foreign.id);
      }
    } finally {
      await stream.close();
    }
  });
});

describe('a customer never sees an internal note', () => {
  it('in the detail, the list, search or home', async () => {
    const c = await customer();
    const detail = await c.request(`/bff/tickets/${withNote.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.articles.map((a: { body: string }) => a.body)).toContain('Public hello');
    expect(JSON.stringify(detail.body)).not.toContain(secret);
    const search = await c.request(`/bff/tickets?q=${secret}`);
    expect(search.body.items.map((t: { id: number }) => t.id)).not.toContain(withNote.id);
    for (const path of ['/bff/tickets?per_page=100', '/bff/home?limit=50']) {
      expect(JSON.stringify((await c.request(path)).body)).not.toContain(secret);
    }
  });

  it('while an agent does', async () => {
    const a = new Browser(bff.url);
    await a.signIn(DEMO.agent);
    const detail = await a.request(`/bff/tickets/${withNote.id}`);
    expect(JSON.stringify(detail.body)).toContain(secret);
  });
});
