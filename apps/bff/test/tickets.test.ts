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

describe('tickets through the BFF', () => {
  it('needs a session', async () => {
    const res = await new Browser(bff.url).request('/bff/tickets');
    expect(res.status).toBe(401);
  });

  it('opens a ticket for the customer and lists it, with names resolved', async () => {
    const b = await signedIn(DEMO.customer);
    const title = `VM quota request ${Date.now()}`;
    const created = await b.request('/bff/tickets', {
      method: 'POST',
      body: { title, body: 'Please raise our VM quota.' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title, state: 'new', group: 'Users', priority: '2 normal' });
    const list = await b.request('/bff/tickets?per_page=100');
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { title: string }) => t.title)).toContain(title);
    const detail = await b.request(`/bff/tickets/${created.body.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.articles).toHaveLength(1);
    expect(detail.body.articles[0]).toMatchObject({
      body: 'Please raise our VM quota.',
      sender: 'Customer',
      internal: false,
    });
    // the desk stored it as the customer (From), not as the service account
    const upstream = await deskAs(
      DEMO.agent.login,
      DEMO.agent.password,
      `/tickets/${created.body.id}?expand=true`,
    );
    expect(upstream.body.customer).toBe('customer@example.org');
    expect(upstream.body.created_by).toBe('customer@example.org');
  });

  it('refuses a state-changing call without the CSRF header or from another origin', async () => {
    const b = await signedIn(DEMO.customer);
    const noHeader = await b.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'x', body: 'y' },
      csrf: false,
    });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.code).toBe('csrf_header');
    const foreign = await b.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'x', body: 'y' },
      headers: { Origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('csrf_origin');
  });

  it('validates input with a clear 400', async () => {
    const b = await signedIn(DEMO.customer);
    const res = await b.request('/bff/tickets', { method: 'POST', body: { title: '  ', body: 'y' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('title');
  });

  it('passes the upstream 404 through', async () => {
    const b = await signedIn(DEMO.agent);
    const res = await b.request('/bff/tickets/99999999');
    expect(res.status).toBe(404);
    expect(res.body.error).toContain("Couldn't find Ticket");
  });

  it("never shows a customer another customer's ticket, nor an internal note", async () => {
    const other = await deskAs(DEMO.agent.login, DEMO.agent.password, '/tickets', {
      method: 'POST',
      body: JSON.stringify({
        title: 'someone else',
        group: 'Users',
        customer_id: 'guess:someone.else@example.net',
        article: { body: 'private' },
      }),
    });
    expect(other.status).toBe(201);
    const b = await signedIn(DEMO.customer);
    const direct = await b.request(`/bff/tickets/${other.body.id}`);
    expect(direct.status).toBe(403);
    const list = await b.request('/bff/tickets?per_page=100');
    expect(list.body.items.map((t: { id: number }) => t.id)).not.toContain(other.body.id);

    // an agent opens a ticket for the customer whose only article is an internal note
    const agentTicket = await deskAs(DEMO.agent.login, DEMO.agent.password, '/tickets', {
      method: 'POST',
      body: JSON.stringify({
        title: 'agent ticket for customer',
        group: 'Users',
        customer: DEMO.customer.login,
        article: { body: 'SECRET internal', internal: true },
      }),
    });
    expect(agentTicket.status).toBe(201);
    const seen = await b.request(`/bff/tickets/${agentTicket.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.articles).toEqual([]);
    expect(JSON.stringify(seen.body)).not.toContain('SECRET internal');
  });

  it('lets the agent see the customer ticket', async () => {
    const c = await signedIn(DEMO.customer);
    const title = `seen by agent ${Date.now()}`;
    const created = await c.request('/bff/tickets', { method: 'POST', body: { title, body: 'hello' } });
    const a = await signedIn(DEMO.agent);
    const detail = await a.request(`/bff/tickets/${created.body.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.ticket.title).toBe(title);
  });
});
