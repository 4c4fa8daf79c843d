import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, type Json, makeGroup, makeUser } from './ticket-fixtures.ts';

let desk: RunningDesk;
let me: Record<'admin' | 'agent' | 'customer', Json>;
beforeAll(async () => {
  desk = await startDesk();
  me = {
    admin: (await call(desk, 'admin', 'GET', '/users/me')).body,
    agent: (await call(desk, 'agent', 'GET', '/users/me')).body,
    customer: (await call(desk, 'customer', 'GET', '/users/me')).body,
  };
});
afterAll(async () => {
  await desk?.close();
});

describe('GET /tickets/:id shapes', () => {
  it('is bare by default, names beside ids with expand (also expand=1)', async () => {
    const t = await createTicket(desk, 'customer', { title: 'shape check' });
    const bare = await call(desk, 'customer', 'GET', `/tickets/${t.id}`);
    expect(bare.status).toBe(200);
    expect(bare.body.article_ids).toBeUndefined();
    expect(bare.body.number).toBe(t.number);
    const expanded = await call(desk, 'agent', 'GET', `/tickets/${t.id}?expand=1`);
    expect(expanded.body).toMatchObject({ group: 'Users', state: 'new', customer: 'customer@example.org' });
    expect(expanded.body.group_id).toBe(1);
    expect(expanded.body.article_ids).toHaveLength(1);
  });

  it('full gives {id, assets} with the ticket, its users and group, never passwords', async () => {
    const t = await createTicket(desk, 'customer', { title: 'full check' });
    const full = await call(desk, 'agent', 'GET', `/tickets/${t.id}?full=true`);
    expect(full.status).toBe(200);
    expect(full.body.id).toBe(t.id);
    const { assets } = full.body;
    expect(assets.Ticket[String(t.id)].title).toBe('full check');
    expect(assets.User[String(me.customer.id)].login).toBe('customer@example.org');
    expect(assets.Group['1'].name).toBe('Users');
    expect(assets.Organization[String(me.customer.organization_id)].name).toBe('Demo University');
    expect(JSON.stringify(assets)).not.toContain('password');
  });

  it('expand wins over full', async () => {
    const t = await createTicket(desk, 'customer', {});
    const both = await call(desk, 'agent', 'GET', `/tickets/${t.id}?expand=true&full=true`);
    expect(both.body.assets).toBeUndefined();
    expect(both.body.group).toBe('Users');
  });

  it('all gives the zoom payload; internal articles are hidden from customers everywhere', async () => {
    const t = await createTicket(desk, 'agent', {
      title: 'all check',
      customer_id: me.customer.id,
      tags: 'alpha,beta',
      mentions: [me.agent.id],
      article: { body: 'public', type: 'phone' },
    });
    const internal = await call(desk, 'agent', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'secret remark',
      internal: true,
    });
    expect(internal.status).toBe(201);
    // Zammad sends `mentions` as ids (Ticket::AssetsAll: `mentions.pluck(:id)`).
    const agentAll = await call(desk, 'agent', 'GET', `/tickets/${t.id}?all=true`);
    expect(agentAll.status).toBe(200);
    expect(Object.keys(agentAll.body).sort()).toEqual(
      [
        'assets',
        'form_meta',
        'links',
        'mentions',
        'tags',
        'ticket_article_ids',
        'ticket_id',
        'time_accountings',
      ].sort(),
    );
    expect(agentAll.body.ticket_id).toBe(t.id);
    expect(agentAll.body.ticket_article_ids).toHaveLength(2);
    expect(agentAll.body.tags).toEqual(['alpha', 'beta']);
    expect(agentAll.body.mentions).toHaveLength(1);
    expect(agentAll.body.time_accountings).toEqual([]);
    expect(agentAll.body.form_meta).toEqual({});
    expect(agentAll.body.assets.Mention[String(agentAll.body.mentions[0])].user_id).toBe(me.agent.id);
    expect(agentAll.body.assets.TicketArticle[String(internal.body.id)].body).toBe('secret remark');

    const customerAll = await call(desk, 'customer', 'GET', `/tickets/${t.id}?all=true`);
    expect(customerAll.body.ticket_article_ids).toHaveLength(1);
    expect(customerAll.body.assets.TicketArticle[String(internal.body.id)]).toBeUndefined();
    expect(JSON.stringify(customerAll.body)).not.toContain('secret remark');
    // customers see other users reduced: no e-mail or login of the agent
    const agentAsset = customerAll.body.assets.User[String(me.agent.id)];
    expect(agentAsset.firstname).toBe('Alex');
    expect(agentAsset.email).toBeUndefined();
  });
});

describe('PUT /tickets/:id', () => {
  it('updates a subset by name, replies in the assoc-ids shape, ignores number/created_*/updated_at', async () => {
    const t = await createTicket(desk, 'customer', {});
    const res = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, {
      title: 'Renamed\n  ticket',
      priority: '3 high',
      state_id: 2,
      number: '999',
      created_by_id: 1,
      updated_at: '2000-01-01T00:00:00.000Z',
      unknown_attribute: 'dropped',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Renamed ticket',
      priority_id: 3,
      state_id: 2,
      number: t.number,
    });
    expect(res.body.created_by_id).toBe(me.customer.id);
    expect(res.body.article_ids).toHaveLength(1);
    expect(res.body.updated_by_id).toBe(me.agent.id);
    expect(res.body.unknown_attribute).toBeUndefined();
    expect(new Date(res.body.updated_at).getTime()).toBeGreaterThan(new Date(t.updated_at).getTime() - 1);
  });

  it('answers expand and all variants; unknown names are 422; unknown tickets 404', async () => {
    const t = await createTicket(desk, 'customer', {});
    const expanded = await call(desk, 'agent', 'PUT', `/tickets/${t.id}?expand=true`, { state: 'open' });
    expect(expanded.body.state).toBe('open');
    const all = await call(desk, 'agent', 'PUT', `/tickets/${t.id}?all=true`, { priority: '1 low' });
    expect(all.body.ticket_id).toBe(t.id);
    const bad = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { state: 'nonsense' });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe('No lookup value found for \'state\': "nonsense"');
    const missing = await call(desk, 'agent', 'PUT', '/tickets/987654', { title: 'x' });
    expect(missing.status).toBe(404);
  });

  it('merges preferences shallowly', async () => {
    const t = await createTicket(desk, 'agent', {
      customer_id: me.customer.id,
      preferences: { a: 1, b: { c: 2 } },
    });
    const res = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { preferences: { b: 3, d: 4 } });
    expect(res.body.preferences).toEqual({ a: 1, b: 3, d: 4 });
  });

  it('silently drops owner, customer, organization and preferences from customers', async () => {
    const t = await createTicket(desk, 'customer', {});
    const res = await call(desk, 'customer', 'PUT', `/tickets/${t.id}`, {
      owner_id: me.agent.id,
      customer_id: me.admin.id,
      organization_id: null,
      preferences: { hacked: true },
      title: 'customer edit',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'customer edit',
      owner_id: 1,
      customer_id: me.customer.id,
      organization_id: me.customer.organization_id,
      preferences: {},
    });
  });

  it('keeps a valid owner and resets an owner without full group access to unassigned', async () => {
    const t = await createTicket(desk, 'customer', {});
    const ok = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { owner: 'agent@example.org' });
    expect(ok.body.owner_id).toBe(me.agent.id);
    expect(ok.body.last_owner_update_at).not.toBeNull();
    const readOnly = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['read', 'change'] } });
    const reset = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { owner_id: readOnly.id });
    expect(reset.body.owner_id).toBe(1);
    const customerOwner = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { owner_id: me.customer.id });
    expect(customerOwner.body.owner_id).toBe(1);
  });

  it('sets close_at and last_close_at when closed; an agent reopens; concurrent writes both succeed', async () => {
    const t = await createTicket(desk, 'customer', {});
    const closed = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { state: 'closed' });
    expect(closed.body.close_at).not.toBeNull();
    expect(closed.body.last_close_at).not.toBeNull();
    const reopened = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { state: 'open' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.close_at).toBe(closed.body.close_at);
    const [a, b] = await Promise.all([
      call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { title: 'writer A', updated_at: t.updated_at }),
      call(desk, 'admin', 'PUT', `/tickets/${t.id}`, { title: 'writer B', updated_at: t.updated_at }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const final = await call(desk, 'agent', 'GET', `/tickets/${t.id}`);
    expect(['writer A', 'writer B']).toContain(final.body.title);
  });

  it('applies the follow-up rule of closed tickets for customers', async () => {
    const never = await makeGroup(desk, { followUp: 'new_ticket' });
    const timed = await makeGroup(desk, { followUp: 'new_ticket_after_certain_time', reopenDays: 2 });
    const yes = await makeGroup(desk, { followUp: 'yes' });
    await desk.db.query("UPDATE settings SET value = '[]' WHERE name = 'customer_ticket_create_group_ids'");
    const msg = 'Cannot follow-up on a closed ticket. Please create a new ticket.';
    for (const [groupId, expected] of [
      [never, 422],
      [yes, 200],
      [timed, 200],
    ] as const) {
      const t = await createTicket(desk, 'customer', { group_id: groupId });
      await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { state: 'closed' });
      const res = await call(desk, 'customer', 'PUT', `/tickets/${t.id}`, {
        state: 'open',
        article: { body: 'it is back' },
      });
      expect(res.status, `group ${groupId}`).toBe(expected);
      if (expected === 422) expect(res.body).toEqual({ error: msg, error_human: msg });
      // agents may always reopen
      expect((await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { state: 'open' })).status).toBe(200);
    }
    // after the reopen window has passed
    const t = await createTicket(desk, 'customer', { group_id: timed });
    await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { state: 'closed' });
    await desk.db.query(`UPDATE tickets SET last_close_at = now() - interval '3 days' WHERE id = $1`, [t.id]);
    const late = await call(desk, 'customer', 'PUT', `/tickets/${t.id}`, { state: 'open' });
    expect(late.status).toBe(422);
    expect(late.body.error).toBe(msg);
  });

  it('appends an article; a public agent reply on a new ticket moves it to open', async () => {
    const t = await createTicket(desk, 'customer', {});
    expect(t.state_id).toBe(1);
    const note = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, {
      article: { body: 'internal first look', internal: true, type: 'note' },
    });
    expect(note.body.state_id).toBe(1);
    expect(note.body.article_ids).toHaveLength(2);
    const reply = await call(desk, 'agent', 'PUT', `/tickets/${t.id}?expand=true`, {
      article: { body: 'We are on it.', type: 'phone' },
    });
    expect(reply.body.state).toBe('open');
    // Every article counts, the seeded triggers' mails to the customer (auto-reply, answer) too.
    const all = await call(desk, 'agent', 'GET', `/ticket_articles/by_ticket/${t.id}`);
    expect(all.body.filter((a: { sender: string }) => a.sender !== 'System')).toHaveLength(3);
    expect(reply.body.article_count).toBe(all.body.length);
  });

  it('sanitises the note (entities escaped, scripts dropped)', async () => {
    const t = await createTicket(desk, 'agent', {
      customer_id: me.customer.id,
      note: 'wire & cable<script>alert(1)</script>',
    });
    expect(t.note).toBe('wire &amp; cable');
    const res = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { note: '<b onclick="x()">bold</b>' });
    expect(res.body.note).toBe('<b>bold</b>');
  });
});

describe('DELETE /tickets/:id', () => {
  it('is admin only and answers 200 with an empty body', async () => {
    const t = await createTicket(desk, 'customer', { tags: 'gone' });
    const byAgent = await call(desk, 'agent', 'DELETE', `/tickets/${t.id}`);
    expect(byAgent.status).toBe(403);
    expect(byAgent.body.error).toBe('Not authorized');
    const byCustomer = await call(desk, 'customer', 'DELETE', `/tickets/${t.id}`);
    expect(byCustomer.status).toBe(403);
    const res = await desk.api(`/tickets/${t.id}`, { as: 'admin', method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await call(desk, 'admin', 'GET', `/tickets/${t.id}`)).status).toBe(404);
    const left = await desk.db.query('SELECT 1 FROM ticket_articles WHERE ticket_id = $1', [t.id]);
    expect(left).toHaveLength(0);
    expect((await call(desk, 'admin', 'DELETE', `/tickets/${t.id}`)).status).toBe(404);
  });
});

describe('GET /ticket_history/:id', () => {
  it('records attribute changes with names and ids, leaving null keys out', async () => {
    const t = await createTicket(desk, 'customer', { title: 'history' });
    await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { state: 'open', title: 'history 2' });
    const res = await call(desk, 'agent', 'GET', `/ticket_history/${t.id}`);
    expect(res.status).toBe(200);
    const { history, assets } = res.body;
    expect(history[0]).toMatchObject({ o_id: t.id, object: 'Ticket', type: 'created' });
    expect(history[0].attribute).toBeUndefined();
    expect(history[0].value_from).toBeUndefined();
    const state = history.find((h: Json) => h.attribute === 'state');
    expect(state).toMatchObject({
      type: 'updated',
      value_from: 'new',
      value_to: 'open',
      id_from: 1,
      id_to: 2,
      created_by_id: me.agent.id,
    });
    expect(history.find((h: Json) => h.attribute === 'title')).toMatchObject({
      value_from: 'history',
      value_to: 'history 2',
    });
    expect(history.some((h: Json) => h.object === 'Ticket::Article' && h.related_o_id === t.id)).toBe(true);
    expect(assets.Ticket[String(t.id)]).toBeDefined();
    expect(assets.User[String(me.agent.id)]).toBeDefined();
  });

  it('is for agents only', async () => {
    const t = await createTicket(desk, 'customer', {});
    const res = await call(desk, 'customer', 'GET', `/ticket_history/${t.id}`);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('User authorization failed.');
  });
});

describe('PUT /ticket_merge/:source_id/:target_number', () => {
  it('merges: source state merged, articles moved, a link made', async () => {
    const source = await createTicket(desk, 'customer', { title: 'dup', article: { body: 'dup body' } });
    const target = await createTicket(desk, 'customer', { title: 'main' });
    const res = await call(desk, 'agent', 'PUT', `/ticket_merge/${source.id}/${target.number}`);
    expect(res.status).toBe(200);
    expect(res.body.result).toBe('success');
    expect(res.body.target_ticket.id).toBe(target.id);
    expect(res.body.source_ticket.state_id).toBe(5);
    const articles = await call(desk, 'agent', 'GET', `/ticket_articles/by_ticket/${target.id}`);
    expect(articles.body.map((a: Json) => a.body)).toContain('dup body');
    const links = await call(
      desk,
      'agent',
      'GET',
      `/links?link_object=Ticket&link_object_value=${source.id}`,
    );
    expect(links.body.links).toEqual([
      { link_type: 'parent', link_object: 'Ticket', link_object_value: target.id },
    ]);
    const again = await call(desk, 'agent', 'PUT', `/ticket_merge/${target.id}/${source.number}`);
    expect(again.status).toBe(422);
  });

  it('answers 200 result failed for an unknown target; customers get 403', async () => {
    const source = await createTicket(desk, 'customer', {});
    const res = await call(desk, 'agent', 'PUT', `/ticket_merge/${source.id}/00000`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: 'failed', message: 'The target ticket number could not be found.' });
    const byCustomer = await call(desk, 'customer', 'PUT', `/ticket_merge/${source.id}/00000`);
    expect(byCustomer.status).toBe(403);
  });
});
