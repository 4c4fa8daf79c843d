import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type RunningDesk, SERVICE_TOKEN, startDesk } from './harness.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

describe('authentication', () => {
  it('answers 403 "Authentication required" without credentials, with X-Failure and Zammad headers', async () => {
    const res = await desk.api('/tickets');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-failure')).toBe('Authentication required');
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(await json(res)).toEqual({
      error: 'Authentication required',
      error_human: 'Authentication required',
    });
  });

  it('answers 401 on a wrong Basic password', async () => {
    const res = await desk.api('/tickets', { as: { basic: ['agent@example.org', 'wrong'] } });
    expect(res.status).toBe(401);
    expect((await json(res)).error).toBe('Invalid BasicAuth credentials');
  });

  it('answers 401 on an unknown token', async () => {
    const res = await desk.api('/users/me', { as: { token: 'nope' } });
    expect(res.status).toBe(401);
    expect((await json(res)).error).toBe("Can't find User for Token");
  });

  it('accepts the service token in every Zammad spelling, and From to act for a person', async () => {
    for (const header of [
      `Token token=${SERVICE_TOKEN}`,
      `Token token="${SERVICE_TOKEN}"`,
      `Token ${SERVICE_TOKEN}`,
      `Bearer ${SERVICE_TOKEN}`,
    ]) {
      const res = await desk.api('/users/me', {
        headers: { Authorization: header, From: 'customer@example.org' },
      });
      expect(res.status, header).toBe(200);
      expect((await json(res)).login).toBe('customer@example.org');
    }
  });

  it('refuses From to a caller without admin.user', async () => {
    const res = await desk.api('/users/me', { as: 'agent', headers: { From: 'customer@example.org' } });
    expect(res.status).toBe(403);
    expect((await json(res)).error).toBe("Current user has no permission to use 'From'!");
  });

  it('names an unknown From user', async () => {
    const res = await desk.api('/users/me', { as: { token: SERVICE_TOKEN, from: 'ghost@example.org' } });
    expect(res.status).toBe(403);
    expect((await json(res)).error).toBe("No such user 'ghost@example.org'");
  });

  it('logs in with e-mail or login, case-insensitively', async () => {
    const res = await desk.api('/users/me', {
      as: { basic: ['Customer@Example.org', 'demo-customer-pass'] },
    });
    expect(res.status).toBe(200);
    const me = await json(res);
    expect(me.password).toBeUndefined();
    expect(me.role_ids).toEqual([3]);
  });
});

describe('tickets', () => {
  it('creates a ticket with its first article (201, assoc ids, names resolved)', async () => {
    const res = await desk.api('/tickets', {
      as: 'customer',
      method: 'POST',
      body: JSON.stringify({
        title: 'Storage\tquota   exceeded',
        group: 'Users',
        owner_id: 3,
        article: { subject: 'quota', body: 'My quota is full.', type: 'web', internal: true },
      }),
    });
    expect(res.status).toBe(201);
    const t = await json(res);
    expect(t.title).toBe('Storage quota exceeded');
    expect(t.number).toMatch(/^31\d{3,}$/);
    expect(t.owner_id).toBe(1); // customers may not set the owner
    expect(t.state_id).toBe(1);
    expect(t.priority_id).toBe(2);
    expect(t.organization_id).toBe(1);
    // The customer's article, and the auto-reply the standard trigger writes (count 2), an
    // internal article the customer does not see (they get it by mail).
    expect(t.article_ids).toHaveLength(1);
    expect(t.article_count).toBe(2);
    expect(t.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const articles = await json(await desk.api(`/ticket_articles/by_ticket/${t.id}`, { as: 'customer' }));
    expect(articles).toHaveLength(1);
    const forAgents = await json(await desk.api(`/ticket_articles/by_ticket/${t.id}`, { as: 'admin' }));
    expect(forAgents[1]).toMatchObject({
      sender: 'System',
      type: 'email',
      to: 'customer@example.org',
      internal: true,
    });
    expect(articles[0]).toMatchObject({
      body: 'My quota is full.',
      internal: false, // customers cannot write internal articles
      sender: 'Customer',
      type: 'web',
      from: 'Chris Customer <customer@example.org>',
      attachments: [],
    });
  });

  it('accepts names for group, state, priority and customer, and expand adds names beside ids', async () => {
    const res = await desk.api('/tickets?expand=true', {
      as: 'agent',
      method: 'POST',
      body: JSON.stringify({
        title: 'Named refs',
        group: 'Users',
        state: 'open',
        priority: '3 high',
        customer: 'customer@example.org',
        owner: 'agent@example.org',
        tags: 'vip, storage',
        article: { body: 'internal remark', internal: true },
      }),
    });
    expect(res.status).toBe(201);
    const t = await json(res);
    expect(t).toMatchObject({
      group: 'Users',
      state: 'open',
      priority: '3 high',
      owner: 'agent@example.org',
      customer: 'customer@example.org',
    });
    expect(typeof t.group_id).toBe('number');
    const byCustomer = await json(await desk.api(`/ticket_articles/by_ticket/${t.id}`, { as: 'customer' }));
    expect(byCustomer).toEqual([]); // the only article is internal
    const byAgent = await json(await desk.api(`/ticket_articles/by_ticket/${t.id}`, { as: 'agent' }));
    expect(byAgent).toHaveLength(1);
    expect(byAgent[0].internal).toBe(true);
  });

  it('rejects a missing group and unknown names with Zammad messages', async () => {
    const noGroup = await desk.api('/tickets', {
      as: 'agent',
      method: 'POST',
      body: JSON.stringify({ title: 'x', article: { body: 'b' } }),
    });
    expect(noGroup.status).toBe(422);
    expect((await json(noGroup)).error).toBe("The required value 'group_id' is missing.");
    const badGroup = await desk.api('/tickets', {
      as: 'agent',
      method: 'POST',
      body: JSON.stringify({ title: 'x', group: 'secret1234' }),
    });
    expect(badGroup.status).toBe(422);
    expect((await json(badGroup)).error).toBe('No lookup value found for \'group\': "secret1234"');
    const badId = await desk.api('/tickets', {
      as: 'agent',
      method: 'POST',
      body: JSON.stringify({ title: 'x', group_id: 999 }),
    });
    expect(badId.status).toBe(422);
    expect((await json(badId)).error).toBe("Invalid value for param 'group_id': 999");
    const badJson = await desk.api('/tickets', { as: 'agent', method: 'POST', body: '{nope' });
    expect(badJson.status).toBe(422);
  });

  it('lists only readable tickets, bare columns, id ascending', async () => {
    const agentList = await json(await desk.api('/tickets', { as: 'agent' }));
    expect(agentList.length).toBeGreaterThan(0);
    expect(agentList[0].article_ids).toBeUndefined();
    const ids = agentList.map((t: { id: number }) => t.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // a second customer of no organization sees none of them
    const created = await desk.api('/tickets', {
      as: 'agent',
      method: 'POST',
      body: JSON.stringify({
        title: 'for a stranger',
        group: 'Users',
        customer_id: 'guess:stranger@example.net',
        article: { body: 'x' },
      }),
    });
    expect(created.status).toBe(201);
    const strangerTicket = await json(created);
    const customerList = await json(await desk.api('/tickets', { as: 'customer' }));
    expect(customerList.map((t: { id: number }) => t.id)).not.toContain(strangerTicket.id);
    const direct = await desk.api(`/tickets/${strangerTicket.id}`, { as: 'customer' });
    expect(direct.status).toBe(403);
    expect((await json(direct)).error).toBe('Not authorized');
  });

  it('answers JSON 404 for unknown tickets and unknown routes', async () => {
    const missing = await desk.api('/tickets/999999', { as: 'agent' });
    expect(missing.status).toBe(404);
    expect((await json(missing)).error).toBe("Couldn't find Ticket with 'id'=999999");
    const route = await desk.api('/nothing/here', { as: 'agent' });
    expect(route.status).toBe(404);
    expect(await json(route)).toEqual({ error: 'No route matches [GET] /api/v1/nothing/here' });
  });

  it('clamps per_page to 100 on the ticket index', async () => {
    const res = await desk.api('/tickets?per_page=1000&page=1', { as: 'admin' });
    expect(res.status).toBe(200);
    expect((await json(res)).length).toBeLessThanOrEqual(100);
  });

  it('persists in the database: the stored row matches the reply', async () => {
    const t = await json(
      await desk.api('/tickets', {
        as: 'customer',
        method: 'POST',
        body: JSON.stringify({ title: 'db check', group: 'Users', article: { body: 'persisted body' } }),
      }),
    );
    const rows = await desk.db.query<{ body: string }>(
      'SELECT body FROM ticket_articles WHERE ticket_id = $1',
      [t.id],
    );
    expect(rows.map((r) => r.body)).toEqual(['persisted body']);
  });
});

describe('EOSC attributes on ticket create', () => {
  it('routes a ticket about a catalogue service, sent without a group, to its support group', async () => {
    const res = await desk.api('/tickets?expand=true', {
      as: 'customer',
      method: 'POST',
      body: JSON.stringify({
        title: 'Check-in fails',
        eosc_ticket_type: 'incident',
        eosc_service: 'egi-check-in',
        article: { body: 'Login loops back to the start page.' },
      }),
    });
    expect(res.status).toBe(201);
    const t = await json(res);
    const [service] = await desk.db.query<{ group_name: string }>(
      `SELECT g.name AS group_name FROM eosc_services s JOIN groups g ON g.id = s.group_id WHERE s.key = 'egi-check-in'`,
    );
    expect(t.group).toBe(service?.group_name);
    expect(t.eosc_service).toBe('egi-check-in');
    expect(t.eosc_ticket_type).toBe('incident');
  });

  it('refuses an unknown value of a select field, and still needs a group without a service', async () => {
    const bad = await desk.api('/tickets', {
      as: 'customer',
      method: 'POST',
      body: JSON.stringify({
        title: 'x',
        group: 'Users',
        eosc_ticket_type: 'complaint',
        article: { body: 'b' },
      }),
    });
    expect(bad.status).toBe(422);
    expect((await json(bad)).error).toBe('Invalid value for param \'eosc_ticket_type\': "complaint"');
    const noGroup = await desk.api('/tickets', {
      as: 'customer',
      method: 'POST',
      body: JSON.stringify({ title: 'x', article: { body: 'b' } }),
    });
    expect(noGroup.status).toBe(422);
  });
});

describe('cached permissions', () => {
  it('applies a change of group access on the very next request', async () => {
    const created = await json(
      await desk.api('/tickets', {
        as: 'admin',
        method: 'POST',
        body: JSON.stringify({
          title: 'access change',
          group: 'Users',
          customer: 'customer@example.org',
          article: { body: 'x' },
        }),
      }),
    );
    const asAgent = { token: SERVICE_TOKEN, from: 'agent@example.org' } as const;
    expect((await desk.api(`/tickets/${created.id}`, { as: asAgent })).status).toBe(200);
    const [agent] = await desk.db.query<{ id: number }>(
      `SELECT id FROM users WHERE login = 'agent@example.org'`,
    );
    const saved = await desk.db.query<{ access: string }>(
      'SELECT access FROM groups_users WHERE user_id = $1 AND group_id = 1',
      [agent?.id],
    );
    await desk.db.query('DELETE FROM groups_users WHERE user_id = $1 AND group_id = 1', [agent?.id]);
    try {
      expect((await desk.api(`/tickets/${created.id}`, { as: asAgent })).status).toBe(403);
    } finally {
      for (const s of saved) {
        await desk.db.query('INSERT INTO groups_users (user_id, group_id, access) VALUES ($1, 1, $2)', [
          agent?.id,
          s.access,
        ]);
      }
    }
    expect((await desk.api(`/tickets/${created.id}`, { as: asAgent })).status).toBe(200);
  });
});
