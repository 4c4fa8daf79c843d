import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, makeGroup, makeUser } from './ticket-fixtures.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

describe('links', () => {
  it('adds by source NUMBER (201 Link row), reads from both sides with the type inverted, removes by source ID', async () => {
    const a = await createTicket(desk, 'customer', { title: 'A' });
    const b = await createTicket(desk, 'customer', { title: 'B' });
    const add = await call(desk, 'agent', 'POST', '/links/add', {
      link_type: 'parent',
      link_object_target: 'Ticket',
      link_object_target_value: b.id,
      link_object_source: 'Ticket',
      link_object_source_number: a.number,
    });
    expect(add.status).toBe(201);
    expect(Object.keys(add.body).sort()).toEqual(
      [
        'created_at',
        'id',
        'link_object_source_id',
        'link_object_source_value',
        'link_object_target_id',
        'link_object_target_value',
        'link_type_id',
        'updated_at',
      ].sort(),
    );
    expect(add.body).toMatchObject({
      link_object_source_value: a.id,
      link_object_target_value: b.id,
      link_type_id: 2,
    });

    const fromB = await call(desk, 'agent', 'GET', `/links?link_object=Ticket&link_object_value=${b.id}`);
    expect(fromB.body.links).toEqual([
      { link_type: 'parent', link_object: 'Ticket', link_object_value: a.id },
    ]);
    expect(fromB.body.assets.Ticket[String(a.id)].title).toBe('A');
    const fromA = await call(desk, 'agent', 'GET', `/links?link_object=Ticket&link_object_value=${a.id}`);
    expect(fromA.body.links).toEqual([
      { link_type: 'child', link_object: 'Ticket', link_object_value: b.id },
    ]);

    const remove = await call(
      desk,
      'agent',
      'DELETE',
      `/links/remove?link_type=parent&link_object_source=Ticket&link_object_source_value=${a.id}&link_object_target=Ticket&link_object_target_value=${b.id}`,
    );
    expect(remove.status).toBe(201);
    expect(
      (await call(desk, 'agent', 'GET', `/links?link_object=Ticket&link_object_value=${b.id}`)).body.links,
    ).toEqual([]);
  });

  it('removes with a JSON body, in both directions', async () => {
    const a = await createTicket(desk, 'customer', {});
    const b = await createTicket(desk, 'customer', {});
    await call(desk, 'agent', 'POST', '/links/add', {
      link_type: 'normal',
      link_object_target: 'Ticket',
      link_object_target_value: b.id,
      link_object_source: 'Ticket',
      link_object_source_number: a.number,
    });
    const res = await call(desk, 'agent', 'DELETE', '/links/remove', {
      link_type: 'normal',
      link_object_source: 'Ticket',
      link_object_source_value: b.id,
      link_object_target: 'Ticket',
      link_object_target_value: a.id,
    });
    expect(res.status).toBe(201);
    expect(
      (await call(desk, 'agent', 'GET', `/links?link_object=Ticket&link_object_value=${a.id}`)).body.links,
    ).toEqual([]);
  });

  it('rejects an unknown source number (422) and drops links to invisible tickets', async () => {
    const b = await createTicket(desk, 'customer', {});
    const bad = await call(desk, 'agent', 'POST', '/links/add', {
      link_type: 'normal',
      link_object_target: 'Ticket',
      link_object_target_value: b.id,
      link_object_source: 'Ticket',
      link_object_source_number: '0000000',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe('The object could not be found.');

    const hiddenGroup = await makeGroup(desk);
    const hidden = await createTicket(desk, 'admin', {
      group_id: hiddenGroup,
      customer: 'customer@example.org',
    });
    await desk.db.query(
      `DELETE FROM groups_users WHERE group_id = $1 AND user_id <> (SELECT id FROM users WHERE login = 'admin@example.org')`,
      [hiddenGroup],
    );
    await call(desk, 'admin', 'POST', '/links/add', {
      link_type: 'normal',
      link_object_target: 'Ticket',
      link_object_target_value: b.id,
      link_object_source: 'Ticket',
      link_object_source_number: hidden.number,
    });
    const limited = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['full'] } });
    const asAgent = await call(
      desk,
      limited.as,
      'GET',
      `/links?link_object=Ticket&link_object_value=${b.id}`,
    );
    expect(asAgent.body.links).toEqual([]);
    const asAdmin = await call(desk, 'admin', 'GET', `/links?link_object=Ticket&link_object_value=${b.id}`);
    expect(asAdmin.body.links).toHaveLength(1);
  });

  it('needs update on the target: read-only agents and customers get 403', async () => {
    const a = await createTicket(desk, 'customer', {});
    const b = await createTicket(desk, 'customer', {});
    const body = {
      link_type: 'normal',
      link_object_target: 'Ticket',
      link_object_target_value: b.id,
      link_object_source: 'Ticket',
      link_object_source_number: a.number,
    };
    const reader = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['read'] } });
    expect((await call(desk, reader.as, 'POST', '/links/add', body)).status).toBe(403);
    expect((await call(desk, 'customer', 'POST', '/links/add', body)).status).toBe(403);
    const stranger = await makeUser(desk, { roles: ['Customer'] });
    expect(
      (await call(desk, stranger.as, 'GET', `/links?link_object=Ticket&link_object_value=${b.id}`)).status,
    ).toBe(403);
  });

  it('creates links given on ticket create', async () => {
    const parent = await createTicket(desk, 'customer', {});
    const child = await createTicket(desk, 'agent', {
      customer: 'customer@example.org',
      links: { Ticket: { parent: [parent.id] } },
    });
    const res = await call(desk, 'agent', 'GET', `/links?link_object=Ticket&link_object_value=${child.id}`);
    expect(res.body.links).toEqual([
      { link_type: 'child', link_object: 'Ticket', link_object_value: parent.id },
    ]);
    const bad = await call(desk, 'agent', 'POST', '/tickets', {
      title: 'x',
      group: 'Users',
      customer: 'customer@example.org',
      links: { Ticket: { parent: parent.id } },
    });
    expect(bad.status).toBe(422);
  });
});
