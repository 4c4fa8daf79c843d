import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, type Json, makeUser } from './ticket-fixtures.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

describe('tags', () => {
  it('adds (201 true), lists, removes by JSON body or query string (200 true)', async () => {
    const t = await createTicket(desk, 'customer', {});
    const add = await call(desk, 'agent', 'POST', '/tags/add', {
      object: 'Ticket',
      o_id: t.id,
      item: 'Storage',
    });
    expect(add.status).toBe(201);
    expect(add.body).toBe(true);
    await call(desk, 'agent', 'POST', '/tags/add', { object: 'Ticket', o_id: t.id, item: 'login' });
    const list = await call(desk, 'customer', 'GET', `/tags?object=Ticket&o_id=${t.id}`);
    expect(list.body).toEqual({ tags: ['Storage', 'login'] });
    const viaBody = await call(desk, 'agent', 'DELETE', '/tags/remove', {
      object: 'Ticket',
      o_id: t.id,
      item: 'storage',
    });
    expect(viaBody.status).toBe(200);
    expect(viaBody.body).toBe(true);
    const viaQuery = await call(
      desk,
      'agent',
      'DELETE',
      `/tags/remove?object=Ticket&o_id=${t.id}&item=login`,
    );
    expect(viaQuery.status).toBe(200);
    expect((await call(desk, 'agent', 'GET', `/tags?object=Ticket&o_id=${t.id}`)).body).toEqual({ tags: [] });
    const history = await call(desk, 'agent', 'GET', `/ticket_history/${t.id}`);
    expect(history.body.history.filter((h: Json) => h.attribute === 'tag').map((h: Json) => h.type)).toEqual([
      'added',
      'added',
      'removed',
      'removed',
    ]);
  });

  it('needs agent change on the ticket; customers and read-only agents get 403', async () => {
    const t = await createTicket(desk, 'customer', {});
    const body = { object: 'Ticket', o_id: t.id, item: 'nope' };
    expect((await call(desk, 'customer', 'POST', '/tags/add', body)).status).toBe(403);
    const reader = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['read'] } });
    expect((await call(desk, reader.as, 'POST', '/tags/add', body)).status).toBe(403);
    expect((await call(desk, reader.as, 'GET', `/tags?object=Ticket&o_id=${t.id}`)).status).toBe(200);
    const stranger = await makeUser(desk, { roles: ['Customer'] });
    expect((await call(desk, stranger.as, 'GET', `/tags?object=Ticket&o_id=${t.id}`)).status).toBe(403);
    expect((await call(desk, 'agent', 'POST', '/tags/add', { object: 'Ticket', o_id: t.id })).status).toBe(
      422,
    );
    expect((await call(desk, 'agent', 'POST', '/tags/add', { ...body, o_id: 987654 })).status).toBe(404);
  });

  it('creates new tag names only when tag_new is on or the user has admin.tag', async () => {
    const t = await createTicket(desk, 'customer', {});
    await call(desk, 'admin', 'POST', '/tag_list', { name: 'known-tag' });
    await desk.db.query("UPDATE settings SET value = 'false' WHERE name = 'tag_new'");
    try {
      const fresh = await call(desk, 'agent', 'POST', '/tags/add', {
        object: 'Ticket',
        o_id: t.id,
        item: 'brand-new',
      });
      expect(fresh.status).toBe(403);
      const known = await call(desk, 'agent', 'POST', '/tags/add', {
        object: 'Ticket',
        o_id: t.id,
        item: 'known-tag',
      });
      expect(known.status).toBe(201);
      const admin = await call(desk, 'admin', 'POST', '/tags/add', {
        object: 'Ticket',
        o_id: t.id,
        item: 'admin-new',
      });
      expect(admin.status).toBe(201);
    } finally {
      await desk.db.query("UPDATE settings SET value = 'true' WHERE name = 'tag_new'");
    }
  });

  it('searches tags by substring ([{id, value}]); a blank term gives the most used', async () => {
    // Tags on create are an agent's (a customer's are dropped, issue 13).
    const t = await createTicket(desk, 'agent', {
      customer: 'customer@example.org',
      tags: 'searchable-one,searchable-two',
    });
    expect(t.id).toBeGreaterThan(0);
    const res = await call(desk, 'customer', 'GET', '/tag_search?term=ARCHABLE');
    expect(res.body.map((r: Json) => r.value)).toEqual(['searchable-one', 'searchable-two']);
    expect(typeof res.body[0].id).toBe('number');
    const limited = await call(desk, 'agent', 'GET', '/tag_search?term=searchable&limit=1');
    expect(limited.body).toHaveLength(1);
    const blank = await call(desk, 'agent', 'GET', '/tag_search?term=');
    expect(Array.isArray(blank.body)).toBe(true);
    expect((await call(desk, 'agent', 'GET', '/tag_search?term=%25')).body).toEqual([]);
  });

  it('administers the tag list (admin.tag): create/rename/merge/delete reply {} 200', async () => {
    expect((await call(desk, 'agent', 'GET', '/tag_list')).status).toBe(403);
    const created = await call(desk, 'admin', 'POST', '/tag_list', { name: 'zz-admin' });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({});
    const t = await createTicket(desk, 'agent', {
      customer: 'customer@example.org',
      tags: 'zz-admin,zz-other',
    });
    let list = (await call(desk, 'admin', 'GET', '/tag_list')).body;
    const names = list.map((r: Json) => r.name);
    expect(names).toEqual([...names].sort());
    const item = list.find((r: Json) => r.name === 'zz-admin');
    expect(item.count).toBe(1);
    const other = list.find((r: Json) => r.name === 'zz-other');
    const renamed = await call(desk, 'admin', 'PUT', `/tag_list/${other.id}`, { name: 'zz-admin' });
    expect(renamed.body).toEqual({});
    list = (await call(desk, 'admin', 'GET', '/tag_list?limit=5000&page=2&per_page=1')).body;
    expect(list.filter((r: Json) => r.name === 'zz-admin')).toEqual([
      { id: item.id, name: 'zz-admin', count: 1 },
    ]);
    expect((await call(desk, 'admin', 'GET', '/tag_list?limit=1')).body).toHaveLength(1);
    const del = await call(desk, 'admin', 'DELETE', `/tag_list/${item.id}`);
    expect(del.body).toEqual({});
    expect((await call(desk, 'agent', 'GET', `/tags?object=Ticket&o_id=${t.id}`)).body.tags).toEqual([]);
    expect((await call(desk, 'admin', 'DELETE', `/tag_list/${item.id}`)).status).toBe(404);
  });
});
