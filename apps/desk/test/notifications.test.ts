import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, type Json, makeUser } from './ticket-fixtures.ts';

let desk: RunningDesk;
let agentId: number;
beforeAll(async () => {
  desk = await startDesk();
  agentId = (await call(desk, 'agent', 'GET', '/users/me')).body.id;
});
afterAll(async () => {
  await desk?.close();
});

async function mine(as: Parameters<typeof call>[1]): Promise<Json[]> {
  return (await call(desk, as, 'GET', '/online_notifications?expand=true')).body;
}

describe('online notifications', () => {
  it('notifies the owner (create, then update), never the actor', async () => {
    const owner = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['full'] } });
    const t = await createTicket(desk, 'agent', { customer: 'customer@example.org', owner_id: owner.id });
    expect(t.owner_id).toBe(owner.id);
    let list = await mine(owner.as);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      o_id: t.id,
      object: 'Ticket',
      type: 'create',
      user: owner.login,
      created_by: 'agent@example.org',
      seen: false,
      object_lookup_id: 1,
    });
    expect(typeof list[0].type_lookup_id).toBe('number');
    expect((await mine('agent')).filter((n) => n.o_id === t.id)).toEqual([]);

    await call(desk, 'customer', 'PUT', `/tickets/${t.id}`, { article: { body: 'more info' } });
    list = await mine(owner.as);
    expect(list.map((n) => n.type)).toEqual(['update', 'create']); // newest first
    // the owner acting on their own ticket gets nothing new
    await call(desk, owner.as, 'PUT', `/tickets/${t.id}`, { title: 'owner edit' });
    expect(await mine(owner.as)).toHaveLength(2);
    const plain = (await call(desk, owner.as, 'GET', '/online_notifications')).body;
    expect(plain[0].type).toBeUndefined();
    expect(Object.keys(plain[0]).sort()).toEqual(
      [
        'created_at',
        'created_by_id',
        'id',
        'o_id',
        'object_lookup_id',
        'seen',
        'type_lookup_id',
        'updated_at',
        'updated_by_id',
        'user_id',
      ].sort(),
    );
  });

  it('notifies subscribers (mentions) and article additions', async () => {
    const t = await createTicket(desk, 'customer', {});
    await call(desk, 'agent', 'POST', '/mentions', { mentionable_type: 'Ticket', mentionable_id: t.id });
    await call(desk, 'customer', 'POST', '/ticket_articles', { ticket_id: t.id, body: 'ping' });
    const list = (await mine('agent')).filter((n) => n.o_id === t.id);
    expect(list).toHaveLength(1);
    expect(list[0].type).toBe('update');
    expect(list[0].user_id).toBe(agentId);
  });

  it('shows own only (403 otherwise), marks seen, deletes, marks all as read', async () => {
    const owner = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['full'] } });
    const t1 = await createTicket(desk, 'agent', { customer: 'customer@example.org', owner_id: owner.id });
    await createTicket(desk, 'agent', { customer: 'customer@example.org', owner_id: owner.id });
    const [n2, n1] = await mine(owner.as);
    expect(n1.o_id).toBe(t1.id);
    const show = await call(desk, owner.as, 'GET', `/online_notifications/${n1.id}?expand=true`);
    expect(show.status).toBe(200);
    expect(show.body.type).toBe('create');
    expect((await call(desk, 'agent', 'GET', `/online_notifications/${n1.id}`)).status).toBe(403);
    expect((await call(desk, 'agent', 'PUT', `/online_notifications/${n1.id}`, { seen: true })).status).toBe(
      403,
    );
    expect((await call(desk, 'agent', 'GET', '/online_notifications/987654')).status).toBe(404);

    const seen = await call(desk, owner.as, 'PUT', `/online_notifications/${n1.id}`, { seen: true });
    expect(seen.body.seen).toBe(true);
    const form = await desk.api(`/online_notifications/${n1.id}`, {
      as: owner.as,
      method: 'PUT',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'seen=false',
    });
    expect((await json(form)).seen).toBe(false);

    const del = await call(desk, owner.as, 'DELETE', `/online_notifications/${n2.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({});
    const all = await call(desk, owner.as, 'POST', '/online_notifications/mark_all_as_read');
    expect(all.status).toBe(200);
    expect(all.body).toEqual({});
    const rest = await mine(owner.as);
    expect(rest.map((n) => n.id)).toEqual([n1.id]);
    expect(rest.every((n) => n.seen)).toBe(true);
  });

  it('hides notifications about tickets the agent can no longer read', async () => {
    const owner = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['full'] } });
    await createTicket(desk, 'agent', { customer: 'customer@example.org', owner_id: owner.id });
    expect(await mine(owner.as)).toHaveLength(1);
    await desk.db.query('DELETE FROM groups_users WHERE user_id = $1', [owner.id]);
    expect(await mine(owner.as)).toHaveLength(0);
  });
});
