import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, type RunningBff, startBff } from './harness.ts';

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
  return b;
}

const overview = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  role_ids: [2],
  condition: {
    'ticket.state_id': { operator: 'is', value: [1, 2] },
    'ticket.owner_id': { operator: 'is', pre_condition: 'not_set' },
  },
  order: { by: 'created_at', direction: 'DESC' },
  view: { s: ['number', 'title'], m: ['number', 'title', 'customer'] },
  ...extra,
});

describe('overview administration through the BFF', () => {
  it('lets an admin create, edit, reorder, deactivate and delete an overview', async () => {
    const b = await signedIn(DEMO.admin);
    const perms = await b.request('/bff/agent/permissions');
    expect(perms.body).toMatchObject({ overview_admin: true, kb_editor: true });
    const roles = await b.request('/bff/agent/admin/roles');
    expect(roles.body.items.map((r: { name: string }) => r.name)).toContain('Agent');

    const name = `EUDAT incidents ${Date.now()}`;
    const created = await b.request('/bff/agent/admin/overviews', { method: 'POST', body: overview(name) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name,
      active: true,
      role_ids: [2],
      order: { by: 'created_at', direction: 'DESC' },
      view: { s: ['number', 'title'] },
    });
    expect(created.body.condition['ticket.owner_id']).toEqual({ operator: 'is', pre_condition: 'not_set' });
    const id = created.body.id as number;

    // Agents see it in their inbox with a count.
    const agent = await signedIn(DEMO.agent);
    const inbox = await agent.request('/bff/agent/overviews');
    expect(inbox.body.items.find((o: { id: number }) => o.id === id)?.count).toBeGreaterThanOrEqual(0);

    const edited = await b.request(`/bff/agent/admin/overviews/${id}`, {
      method: 'PUT',
      body: overview(`${name} edited`, {
        active: false,
        condition: { 'ticket.tags': { operator: 'contains one', value: ['eudat'] } },
        group_by: 'group',
      }),
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ active: false, group_by: 'group', group_direction: 'ASC' });
    expect(Object.keys(edited.body.condition)).toEqual(['ticket.tags']);
    const after = await agent.request('/bff/agent/overviews');
    expect(after.body.items.some((o: { id: number }) => o.id === id)).toBe(false);

    const all = await b.request('/bff/agent/admin/overviews');
    const ids = all.body.items.map((o: { id: number }) => o.id) as number[];
    const order = [id, ...ids.filter((x) => x !== id)];
    const reordered = await b.request('/bff/agent/admin/overviews/order', {
      method: 'POST',
      body: { ids: order },
    });
    expect(reordered.status).toBe(200);
    expect(reordered.body.items[0].id).toBe(id);

    const gone = await b.request(`/bff/agent/admin/overviews/${id}`, { method: 'DELETE' });
    expect(gone.status).toBe(204);
    const again = await b.request(`/bff/agent/admin/overviews/${id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
  });

  it('answers bad input with 400 or the helpdesk 422, naming the field', async () => {
    const b = await signedIn(DEMO.admin);
    const noName = await b.request('/bff/agent/admin/overviews', { method: 'POST', body: overview('  ') });
    expect(noName.status).toBe(400);
    expect(noName.body.error).toMatch(/^name: /);
    const badOp = await b.request('/bff/agent/admin/overviews', {
      method: 'POST',
      body: overview('Bad', { condition: { 'ticket.state_id': { operator: 'smells like', value: [1] } } }),
    });
    expect(badOp.status).toBe(422);
    expect(badOp.body.error).toMatch(/operator/);
  });

  it('refuses agents without admin.overview (helpdesk 403) and customers (BFF 403)', async () => {
    const agent = await signedIn(DEMO.agent);
    expect((await agent.request('/bff/agent/permissions')).body).toEqual({
      overview_admin: false,
      kb_editor: false,
      unit_admin: false,
      calendar_admin: false,
      sla_admin: false,
      scheduler_admin: false,
      mail_admin: false,
      trigger_admin: false,
      webhook_admin: false,
      service_admin: false,
      community_admin: false,
    });
    expect((await agent.request('/bff/agent/admin/overviews')).status).toBe(403);
    const post = await agent.request('/bff/agent/admin/overviews', {
      method: 'POST',
      body: overview('Nope'),
    });
    expect(post.status).toBe(403);
    const customer = await signedIn(DEMO.customer);
    const res = await customer.request('/bff/agent/admin/overviews');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect((await new Browser(bff.url).request('/bff/agent/admin/overviews')).status).toBe(401);
  });
});

describe('bulk tags through the BFF', () => {
  it('adds and removes tags on several tickets; customers are refused', async () => {
    const customer = await signedIn(DEMO.customer);
    const t1 = await customer.request('/bff/tickets', { method: 'POST', body: { title: 'bt 1', body: 'x' } });
    const t2 = await customer.request('/bff/tickets', { method: 'POST', body: { title: 'bt 2', body: 'x' } });
    const ticket_ids = [t1.body.id, t2.body.id];
    const agent = await signedIn(DEMO.admin);
    const added = await agent.request('/bff/agent/tickets/bulk-tags', {
      method: 'POST',
      body: { ticket_ids, add: ['eudat', 'b2share'] },
    });
    expect(added.status).toBe(200);
    const tagsOf = async (id: number) => (await agent.request(`/bff/tickets/${id}`)).body.tags as string[];
    expect(added.body.items).toHaveLength(2);
    for (const id of ticket_ids) expect((await tagsOf(id)).sort()).toEqual(['b2share', 'eudat']);
    const removed = await agent.request('/bff/agent/tickets/bulk-tags', {
      method: 'POST',
      body: { ticket_ids, remove: ['b2share'] },
    });
    expect(removed.status).toBe(200);
    for (const id of ticket_ids) expect(await tagsOf(id)).toEqual(['eudat']);
    const empty = await agent.request('/bff/agent/tickets/bulk-tags', {
      method: 'POST',
      body: { ticket_ids },
    });
    expect(empty.status).toBe(400);
    const refused = await customer.request('/bff/agent/tickets/bulk-tags', {
      method: 'POST',
      body: { ticket_ids, add: ['x'] },
    });
    expect(refused.status).toBe(403);
  });
});
