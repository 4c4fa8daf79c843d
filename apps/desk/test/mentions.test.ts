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

  describe('from article bodies (`<a data-mention-user-id>`)', () => {
    const link = (id: number | string, name = 'someone') =>
      `<a href="#user/profile/${id}" data-mention-user-id="${id}">${name}</a>`;
    const mentionsOf = async (ticketId: number) =>
      (
        await call(desk, 'admin', 'GET', `/mentions?mentionable_type=Ticket&mentionable_id=${ticketId}`)
      ).body.mentions.map((m: Json) => m.user_id) as number[];
    const notesOf = async (who: Parameters<typeof call>[1], ticketId: number) =>
      ((await call(desk, who, 'GET', '/online_notifications?expand=true')).body as Json[]).filter(
        (n) => n.o_id === ticketId,
      );

    it('subscribes and notifies agents with read access once; ignores the rest; keeps the attribute', async () => {
      const t = await createTicket(desk, 'customer', {});
      const colleague = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['read'] } });
      const outsider = await makeUser(desk, { roles: ['Agent'] });
      const customerId = (await call(desk, 'customer', 'GET', '/users/me')).body.id;
      const body = `<p>Please look ${link(colleague.id)} and again ${link(colleague.id)}, ${link(outsider.id)}, ${link(customerId)}, ${link(999_999)}</p>`;
      const res = await call(desk, 'agent', 'POST', '/ticket_articles', {
        ticket_id: t.id,
        body,
        content_type: 'text/html',
        internal: true,
      });
      expect(res.status).toBe(201);
      expect(res.body.body).toContain(`data-mention-user-id="${colleague.id}"`);
      expect(await mentionsOf(t.id)).toEqual([colleague.id]);

      const notes = await notesOf(colleague.as, t.id);
      expect(notes.map((n) => n.type)).toEqual(['mention']);
      expect(notes[0]).toMatchObject({ seen: false, created_by: 'agent@example.org', type_lookup_id: 6 });
      expect(await notesOf(outsider.as, t.id)).toEqual([]);

      // A later change notifies the now-subscribed colleague as usual (type update), once.
      const again = await call(desk, 'agent', 'POST', '/ticket_articles', {
        ticket_id: t.id,
        body: 'plain follow-up',
        internal: true,
      });
      expect(again.status).toBe(201);
      expect((await notesOf(colleague.as, t.id)).map((n) => n.type).sort()).toEqual(['mention', 'update']);
      // Being mentioned again does not add a second subscription.
      await call(desk, 'agent', 'POST', '/ticket_articles', {
        ticket_id: t.id,
        body: link(colleague.id),
        content_type: 'text/html',
        internal: true,
      });
      expect(await mentionsOf(t.id)).toEqual([colleague.id]);
    });

    it('takes mentions from the first article of a new ticket; the author is subscribed but not notified', async () => {
      const colleague = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['full'] } });
      const t = await createTicket(desk, 'agent', {
        customer: 'customer@example.org',
        article: { body: `${link(colleague.id)} ${link(agentId)}`, content_type: 'text/html' },
      });
      expect((await mentionsOf(t.id)).sort((a, b) => a - b)).toEqual(
        [agentId, colleague.id].sort((a, b) => a - b),
      );
      expect((await notesOf(colleague.as, t.id)).map((n) => n.type)).toEqual(['mention']);
      expect((await notesOf('agent', t.id)).filter((n) => n.type === 'mention')).toEqual([]);
    });

    it('ignores mention links written by customers and in plain-text articles', async () => {
      const t = await createTicket(desk, 'customer', {
        article: { body: link(agentId), content_type: 'text/html' },
      });
      const reply = await call(desk, 'customer', 'POST', '/ticket_articles', {
        ticket_id: t.id,
        body: link(agentId),
        content_type: 'text/html',
      });
      expect(reply.status).toBe(201);
      const plain = await call(desk, 'admin', 'POST', '/ticket_articles', {
        ticket_id: t.id,
        body: link(agentId),
        content_type: 'text/plain',
      });
      expect(plain.status).toBe(201);
      expect(await mentionsOf(t.id)).toEqual([]);
    });

    it('the sanitiser keeps data-mention-user-id on links only', async () => {
      const t = await createTicket(desk, 'customer', {});
      const res = await call(desk, 'admin', 'POST', '/ticket_articles', {
        ticket_id: t.id,
        body: `<span data-mention-user-id="${agentId}">x</span><a data-mention-user-id="${agentId}" data-foo="1" onclick="x()">y</a>`,
        content_type: 'text/html',
        internal: true,
      });
      expect(res.status).toBe(201);
      expect(res.body.body).toBe(`<span>x</span><a data-mention-user-id="${agentId}">y</a>`);
    });
  });
});
