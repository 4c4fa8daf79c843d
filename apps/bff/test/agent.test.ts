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
  return res.body as { id: number; number: string };
}

describe('the agent inbox through the BFF', () => {
  it('lists overviews with counts and pages one, sorted on the server', async () => {
    const t1 = await customerTicket(`inbox A ${Date.now()}`);
    const t2 = await customerTicket(`inbox B ${Date.now()}`);
    const { b } = await signedIn(DEMO.agent);
    const list = await b.request('/bff/agent/overviews');
    expect(list.status).toBe(200);
    const open = list.body.items.find((o: { link: string }) => o.link === 'all_unassigned');
    expect(open).toBeDefined();
    expect(open.count).toBeGreaterThanOrEqual(2);

    const page = await b.request(
      '/bff/agent/overviews/all_unassigned?per_page=500&sort_by=created_at&order=desc',
    );
    expect(page.status).toBe(200);
    expect(page.body.total_count).toBeGreaterThanOrEqual(open.count);
    expect(page.body.items.map((t: { id: number }) => t.id)).toContain(t2.id);
    const ids = page.body.items.map((t: { id: number }) => t.id);
    expect(ids.indexOf(t2.id)).toBeLessThan(ids.indexOf(t1.id));
    expect(ids.indexOf(t1.id)).toBeGreaterThanOrEqual(0);
    const row = page.body.items.find((t: { id: number }) => t.id === t1.id);
    expect(row).toMatchObject({ state: 'new', group: 'Users', owner: null });
    expect(row.customer.name).not.toMatch(/^#/);

    const asc = await b.request(
      '/bff/agent/overviews/all_unassigned?per_page=2&sort_by=created_at&order=asc',
    );
    expect(asc.body.items).toHaveLength(2);
    expect(asc.body.items[0].created_at <= asc.body.items[1].created_at).toBe(true);

    const missing = await b.request('/bff/agent/overviews/no_such_overview');
    expect(missing.status).toBe(404);
  });

  it('bulk-assigns, changes state and tags several tickets, all or nothing', async () => {
    const t1 = await customerTicket(`bulk 1 ${Date.now()}`);
    const t2 = await customerTicket(`bulk 2 ${Date.now()}`);
    const { b, me } = await signedIn(DEMO.agent);
    const states = (await b.request('/bff/reference')).body.states as { id: number; name: string }[];
    const open = states.find((s) => s.name === 'open');
    const res = await b.request('/bff/agent/tickets/bulk', {
      method: 'POST',
      body: { ticket_ids: [t1.id, t2.id], owner_id: me.id, state_id: open?.id, add_tags: ['bulk-test'] },
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    for (const t of res.body.items) expect(t).toMatchObject({ state: 'open', owner: { id: me.id } });
    const detail = await b.request(`/bff/tickets/${t1.id}`);
    expect(detail.body.tags).toContain('bulk-test');

    const bad = await b.request('/bff/agent/tickets/bulk', {
      method: 'POST',
      body: { ticket_ids: [t1.id], owner_id: null, state_id: 999_999 },
    });
    expect(bad.status).toBe(422);
    const after = await b.request(`/bff/tickets/${t1.id}`);
    expect(after.body.ticket.owner).toMatchObject({ id: me.id });

    const empty = await b.request('/bff/agent/tickets/bulk', {
      method: 'POST',
      body: { ticket_ids: [t1.id] },
    });
    expect(empty.status).toBe(400);
  });

  it('merges one ticket into another', async () => {
    const src = await customerTicket(`merge src ${Date.now()}`);
    const dst = await customerTicket(`merge dst ${Date.now()}`);
    const { b } = await signedIn(DEMO.agent);
    const res = await b.request(`/bff/agent/tickets/${src.id}/merge`, {
      method: 'POST',
      body: { target_number: dst.number },
    });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(dst.id);
    const merged = await b.request(`/bff/tickets/${src.id}`);
    expect(merged.body.ticket.state_type).toBe('merged');
  });

  it('saves, reads and drops the reply draft on the desk', async () => {
    const t = await customerTicket(`draft ${Date.now()}`);
    const { b } = await signedIn(DEMO.agent);
    expect((await b.request(`/bff/agent/tickets/${t.id}/draft`)).body).toEqual({ draft: null });
    const put = await b.request(`/bff/agent/tickets/${t.id}/draft`, {
      method: 'PUT',
      body: { body: 'Half a reply', internal: true, state_id: null },
    });
    expect(put.status).toBe(200);
    expect(put.body.draft).toMatchObject({ body: 'Half a reply', internal: true, state_id: null });
    // another agent sees the same (shared) draft
    const { b: admin } = await signedIn(DEMO.admin);
    const seen = await admin.request(`/bff/agent/tickets/${t.id}/draft`);
    expect(seen.body.draft).toMatchObject({ body: 'Half a reply', internal: true });
    const upstream = await deskAs(DEMO.agent.login, DEMO.agent.password, `/tickets/${t.id}/shared_draft`);
    expect(upstream.body.shared_draft_id).toBeTypeOf('number');
    expect((await b.request(`/bff/agent/tickets/${t.id}/draft`, { method: 'DELETE' })).status).toBe(204);
    expect((await b.request(`/bff/agent/tickets/${t.id}/draft`)).body).toEqual({ draft: null });
  });

  it('lists text modules and agents', async () => {
    const { b } = await signedIn(DEMO.agent);
    const tm = await b.request('/bff/agent/text-modules');
    expect(tm.status).toBe(200);
    expect(tm.body.items.map((m: { name: string }) => m.name)).toContain('Greeting');
    const agents = await b.request('/bff/agent/agents');
    expect(agents.status).toBe(200);
    const emails = agents.body.items.map((a: { email: string }) => a.email);
    expect(emails).toContain('agent@example.org');
    expect(emails).not.toContain('customer@example.org');
  });

  it('refuses a customer on every agent route, and anyone signed out', async () => {
    const t = await customerTicket(`refused ${Date.now()}`);
    const { b } = await signedIn(DEMO.customer);
    const anon = new Browser(bff.url);
    const calls: [string, string, unknown?][] = [
      ['GET', '/bff/agent/overviews'],
      ['GET', '/bff/agent/overviews/all_unassigned'],
      ['POST', '/bff/agent/tickets/bulk', { ticket_ids: [t.id], priority_id: 3 }],
      ['POST', `/bff/agent/tickets/${t.id}/merge`, { target_number: t.number }],
      ['GET', `/bff/agent/tickets/${t.id}/draft`],
      ['PUT', `/bff/agent/tickets/${t.id}/draft`, { body: 'x', internal: false, state_id: null }],
      ['DELETE', `/bff/agent/tickets/${t.id}/draft`],
      ['GET', '/bff/agent/text-modules'],
      ['GET', '/bff/agent/agents'],
    ];
    for (const [method, path, body] of calls) {
      const res = await b.request(path, { method, ...(body !== undefined ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code).toBe('forbidden');
      const signedOut = await anon.request(path, { method, ...(body !== undefined ? { body } : {}) });
      expect(signedOut.status, `${method} ${path} signed out`).toBe(401);
    }
    const still = await b.request(`/bff/tickets/${t.id}`);
    expect(still.body.ticket.priority_id).not.toBe(3);
  });
});
