import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
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

describe('mentions', () => {
  it('subscribes the caller (201 true), lists, and deletes own only (200 true)', async () => {
    const t = await createTicket(desk, 'customer', {});
    const add = await call(desk, 'agent', 'POST', '/mentions', {
      mentionable_type: 'Ticket',
      mentionable_id: t.id,
    });
    expect(add.status).toBe(201);
    expect(add.body).toBe(true);
    const list = await call(desk, 'agent', 'GET', `/mentions?mentionable_type=Ticket&mentionable_id=${t.id}`);
    expect(list.status).toBe(200);
    expect(list.body.mentions).toHaveLength(1);
    expect(list.body.mentions[0]).toMatchObject({
      mentionable_type: 'Ticket',
      mentionable_id: t.id,
      user_id: agentId,
    });
    const full = await call(
      desk,
      'agent',
      'GET',
      `/mentions?mentionable_type=Ticket&mentionable_id=${t.id}&full=true`,
    );
    expect(full.body.record_ids).toEqual([list.body.mentions[0].id]);
    expect(full.body.assets.User[String(agentId)]).toBeDefined();

    const other = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['full'] } });
    const notMine = await call(desk, other.as, 'DELETE', `/mentions/${list.body.mentions[0].id}`);
    expect(notMine.status).toBe(403);
    const del = await call(desk, 'agent', 'DELETE', `/mentions/${list.body.mentions[0].id}`);
    expect(del.status).toBe(200);
    expect(del.body).toBe(true);
    expect((await call(desk, 'agent', 'DELETE', `/mentions/${list.body.mentions[0].id}`)).status).toBe(404);
  });

  it('subscribes another user through From', async () => {
    const t = await createTicket(desk, 'customer', {});
    const res = await desk.api('/mentions', {
      as: 'admin',
      method: 'POST',
      headers: { From: 'agent@example.org' },
      body: JSON.stringify({ mentionable_type: 'Ticket', mentionable_id: t.id }),
    });
    expect(res.status).toBe(201);
    const list = await call(desk, 'admin', 'GET', `/mentions?mentionable_type=Ticket&mentionable_id=${t.id}`);
    expect(list.body.mentions.map((m: Json) => m.user_id)).toEqual([agentId]);
  });

  it('rejects other mentionable types (422), customers (403) and agents without read (403)', async () => {
    const t = await createTicket(desk, 'customer', {});
    const bad = await call(desk, 'agent', 'POST', '/mentions', {
      mentionable_type: 'User',
      mentionable_id: 1,
    });
    expect(bad.status).toBe(422);
    const badList = await call(
      desk,
      'agent',
      'GET',
      '/mentions?mentionable_type=Organization&mentionable_id=1',
    );
    expect(badList.status).toBe(422);
    const byCustomer = await call(desk, 'customer', 'POST', '/mentions', {
      mentionable_type: 'Ticket',
      mentionable_id: t.id,
    });
    expect(byCustomer.status).toBe(403);
    const outsider = await makeUser(desk, { roles: ['Agent'] });
    expect(
      (await call(desk, outsider.as, 'GET', `/mentions?mentionable_type=Ticket&mentionable_id=${t.id}`))
        .status,
    ).toBe(403);
  });

  it('takes mentions on ticket create; mentioned users must be agents with read access', async () => {
    const t = await createTicket(desk, 'agent', { customer: 'customer@example.org', mentions: [agentId] });
    const list = await call(desk, 'agent', 'GET', `/mentions?mentionable_type=Ticket&mentionable_id=${t.id}`);
    expect(list.body.mentions.map((m: Json) => m.user_id)).toEqual([agentId]);
    const customerId = (await call(desk, 'customer', 'GET', '/users/me')).body.id;
    const bad = await call(desk, 'agent', 'POST', '/tickets', {
      title: 'x',
      group: 'Users',
      customer: 'customer@example.org',
      mentions: [customerId],
    });
    expect(bad.status).toBe(422);
    const byCustomer = await call(desk, 'customer', 'POST', '/tickets', {
      title: 'x',
      group: 'Users',
      mentions: [agentId],
      article: { body: 'x' },
    });
    expect(byCustomer.status).toBe(403);
  });
});
