import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { ContractError, checkReply, contract } from './contract.ts';
import { json, type RunningDesk, startDesk } from './harness.ts';

// Routes outside the Zammad API proper: the CORS preflight answer and the plain-text root.
const NOT_API = new Set(['OPTIONS /*', 'GET /']);

/** `/api/v1/tickets/:id{[0-9]+}` and `/tickets/{id}` both become `/tickets/{}`. */
function normalise(path: string): string {
  return path
    .replace(/^\/api\/v1/, '')
    .replace(/:[A-Za-z0-9_]+(\{[^/]*\})?/g, '{}')
    .replace(/\{[A-Za-z0-9_]+\}/g, '{}');
}

let desk: RunningDesk;

beforeAll(async () => {
  // The test clock is served only when asked for; here it is, so its operations get a real call.
  desk = await startDesk({ testClock: true });
});
afterAll(async () => {
  await desk?.close();
});

describe('openapi.yaml and the desk serve the same routes', () => {
  it('documents every route the desk registers, and documents nothing else', () => {
    const app = createApp({ db: desk.db });
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path}`)
        .filter((key) => !NOT_API.has(key))
        .map((key) => {
          const [method, path] = key.split(' ') as [string, string];
          expect(path.startsWith('/api/v1/'), `${key} is outside /api/v1`).toBe(true);
          return `${method} ${normalise(path)}`;
        }),
    );
    const documented = new Set(contract().operations.map((op) => `${op.method} ${normalise(op.template)}`));
    const undocumented = [...served].filter((k) => !documented.has(k)).sort();
    const unserved = [...documented].filter((k) => !served.has(k)).sort();
    expect(undocumented, 'routes the desk serves but openapi.yaml does not describe').toEqual([]);
    expect(unserved, 'operations openapi.yaml describes but the desk does not serve').toEqual([]);
  });

  it('gives every operation a unique operationId and documents its error replies', () => {
    const ids = contract().operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of contract().operations) {
      for (const status of ['401', '403', '500'])
        expect(op.responses.has(status), `${op.operationId} documents ${status}`).toBe(true);
      // A record named in the path may not exist.
      if (/\{[a-z_]*(id|number)\}/.test(op.template))
        expect(op.responses.has('404'), `${op.operationId} documents 404`).toBe(true);
    }
  });
});

describe('the checker fails on replies off the contract', () => {
  const ticket = {
    id: 1,
    group_id: 1,
    priority_id: 2,
    state_id: 1,
    organization_id: null,
    number: '31001',
    title: 'x',
    owner_id: 1,
    customer_id: 3,
    article_count: 1,
    created_by_id: 3,
    updated_by_id: 3,
    created_at: '2025-01-01T10:00:00.000Z',
    updated_at: '2025-01-01T10:00:00.000Z',
  };
  const JSON_TYPE = 'application/json; charset=utf-8';

  it('accepts a reply that matches', () => {
    expect(() => checkReply('GET', '/api/v1/tickets/1?expand=true', 200, ticket, JSON_TYPE)).not.toThrow();
    expect(() =>
      checkReply('GET', '/tickets', 200, [ticket, { ...ticket, id: 2, custom_field: 'x' }]),
    ).not.toThrow();
  });

  it('rejects a wrong body: a ticket number as an integer, a missing field, a bad timestamp', () => {
    expect(() => checkReply('GET', '/tickets/1', 200, { ...ticket, number: 31001 })).toThrow(ContractError);
    expect(() => checkReply('GET', '/tickets/1', 200, { ...ticket, number: 31001 })).toThrow(
      /getTicket.*\n.*\/number must be string/,
    );
    const { title: _dropped, ...untitled } = ticket;
    expect(() => checkReply('GET', '/tickets/1', 200, untitled)).toThrow(
      /must have required property 'title'/,
    );
    expect(() => checkReply('GET', '/tickets', 200, [{ ...ticket, created_at: 'yesterday' }])).toThrow(
      /must match format "date-time"/,
    );
  });

  it('rejects an error body without `error`, or with unknown keys', () => {
    expect(() => checkReply('GET', '/tickets/1', 404, { message: 'not found' })).toThrow(ContractError);
    expect(() => checkReply('GET', '/tickets/1', 404, { error: 'x', detail: 'y' })).toThrow(/additional/);
    expect(() => checkReply('GET', '/tickets/1', 404, { error: 'x', error_human: 'x' })).not.toThrow();
  });

  it('rejects undocumented statuses, routes, content types and bodies', () => {
    expect(() => checkReply('GET', '/tickets', 418, [])).toThrow(
      /status 418 is not documented for listTickets/,
    );
    expect(() => checkReply('GET', '/no_such_thing', 200, {})).toThrow(/no operation in openapi.yaml/);
    expect(() => checkReply('GET', '/tickets/1', 200, ticket, 'application/json')).toThrow(/Content-Type/);
    expect(() => checkReply('GET', '/tickets/1', 200, ticket, 'text/html; charset=utf-8')).toThrow(
      /Content-Type/,
    );
    // DELETE /tickets/:id answers an empty body, not `{}`.
    expect(() => checkReply('DELETE', '/tickets/1', 200, {})).toThrow(/empty body/);
    expect(() => checkReply('DELETE', '/tickets/1', 200, undefined)).not.toThrow();
    // Delete replies that are `{}` must stay empty objects.
    expect(() => checkReply('DELETE', '/groups/9', 200, { id: 9 })).toThrow(ContractError);
  });

  it('prefers literal routes over templates', () => {
    expect(contract().find('GET', '/api/v1/tickets/search?query=x')?.operationId).toBe('searchTickets');
    expect(contract().find('GET', '/api/v1/tickets/12')?.operationId).toBe('getTicket');
    expect(contract().find('GET', '/api/v1/tickets/abc')).toBeUndefined();
    expect(contract().find('GET', '/api/v1/users/me')?.operationId).toBe('getMe');
  });

  it('rejects a real desk reply once it is bent out of shape', async () => {
    const res = await desk.api('/tickets?expand=true', { as: 'agent' });
    const [first] = await json(res);
    expect(first).toBeDefined();
    expect(() => checkReply('GET', '/tickets', 200, [first])).not.toThrow();
    expect(() => checkReply('GET', '/tickets', 200, [{ ...first, id: String(first.id) }])).toThrow(/\/0\/id/);
    expect(() => checkReply('GET', '/tickets', 200, { tickets: [first] })).toThrow(ContractError);
  });
});

describe('one real call per documented operation, validated through desk.api', () => {
  const exercised = new Map<string, number>();

  /** A call through the harness (which validates the reply); it must succeed. */
  async function call(
    path: string,
    init: Parameters<RunningDesk['api']>[1] & { as: NonNullable<Parameters<RunningDesk['api']>[1]>['as'] },
    // biome-ignore lint/suspicious/noExplicitAny: replies are inspected field by field.
  ): Promise<any> {
    const { body, ...rest } = init;
    const res = await desk.api(path, {
      ...rest,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const op = contract().find(init.method ?? 'GET', path);
    const text = await res.text();
    expect(res.status, `${init.method ?? 'GET'} ${path}: ${text.slice(0, 300)}`).toBeLessThan(300);
    if (op) exercised.set(op.operationId, res.status);
    if (text === '') return undefined;
    return res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  }
  const post = (path: string, as: 'admin' | 'agent' | 'customer', body: unknown) =>
    call(path, { as, method: 'POST', body: body as string });
  const put = (path: string, as: 'admin' | 'agent' | 'customer', body: unknown) =>
    call(path, { as, method: 'PUT', body: body as string });
  const del = (path: string, as: 'admin' | 'agent' | 'customer', body?: unknown) =>
    call(path, { as, method: 'DELETE', ...(body !== undefined ? { body: body as string } : {}) });
  const get = (path: string, as: 'admin' | 'agent' | 'customer' = 'agent') => call(path, { as });

  it('users, organizations, groups, roles, states, priorities, access tokens', async () => {
    const me = await get('/users/me?expand=true');
    expect(me.login).toBe('agent@example.org');
    await get('/users?expand=true');
    const user = await post('/users', 'admin', {
      firstname: 'Contract',
      lastname: 'Check',
      email: 'contract-check@example.net',
    });
    await get(`/users/${user.id}?full=true`);
    await put(`/users/${user.id}`, 'admin', { note: 'checked' });
    await get('/users/search?query=contract&expand=true');
    await post('/users/search', 'agent', { query: 'contract', limit: 5 });
    await del(`/users/${user.id}`, 'admin');
    await put('/users/preferences', 'agent', { locale: 'en' });
    await post('/users/preferences_notifications_reset', 'agent', {});

    await get('/organizations');
    const org = await post('/organizations', 'admin', { name: 'Contract Org' });
    await get(`/organizations/${org.id}?expand=true`);
    await put(`/organizations/${org.id}`, 'admin', { note: 'a & b' });
    await get('/organizations/search?query=contract');
    await post('/organizations/search', 'agent', { query: 'contract' });
    await del(`/organizations/${org.id}`, 'admin');

    await get('/groups', 'customer');
    const group = await post('/groups', 'admin', { name: 'Contract Group' });
    await get(`/groups/${group.id}?full=true`, 'admin');
    await put(`/groups/${group.id}`, 'admin', { note: 'checked' });
    await del(`/groups/${group.id}`, 'admin');

    await get('/roles', 'customer');
    const role = await post('/roles', 'admin', { name: 'Contract Role', permission_ids: [] });
    await get(`/roles/${role.id}?expand=true`, 'admin');
    await put(`/roles/${role.id}`, 'admin', { note: 'checked' });

    for (const [res, input] of [
      ['ticket_states', { name: 'contract state', state_type_id: 2 }],
      ['ticket_priorities', { name: '4 contract' }],
    ] as const) {
      await get(`/${res}?expand=true`);
      const rec = await post(`/${res}`, 'admin', input);
      await get(`/${res}/${rec.id}`);
      await put(`/${res}/${rec.id}`, 'admin', { note: 'checked' });
      await del(`/${res}/${rec.id}`, 'admin');
    }

    await get('/user_access_token');
    const created = await post('/user_access_token', 'agent', {
      name: 'contract',
      permission: ['ticket.agent'],
    });
    expect(typeof created.token).toBe('string');
    const { tokens } = await get('/user_access_token');
    const mine = tokens.find((t: { name: string }) => t.name === 'contract');
    await del(`/user_access_token/${mine.id}`, 'agent');
  }, 180_000);

  it('tickets, articles, attachments, history, merge, search', async () => {
    const agent = await get('/users/me');
    const t1 = await post('/tickets', 'agent', {
      title: 'Contract ticket one',
      group: 'Users',
      customer: 'customer@example.org',
      owner_id: agent.id,
      article: {
        body: 'first article',
        type: 'note',
        attachments: [
          { filename: 'a.txt', data: Buffer.from('hello').toString('base64'), 'mime-type': 'text/plain' },
        ],
      },
    });
    const t2 = await post('/tickets?expand=true', 'agent', {
      title: 'Contract ticket two',
      group: 'Users',
      customer: 'customer@example.org',
      article: { body: 'second', type: 'note' },
    });
    await get('/tickets?expand=true');
    await get(`/tickets/${t1.id}?all=true`);
    await put(`/tickets/${t1.id}`, 'agent', { state: 'open' });

    const articles = await get(`/ticket_articles/by_ticket/${t1.id}`);
    const first = articles[0];
    expect(first.attachments).toHaveLength(1);
    const attachment = await call(`/ticket_attachment/${t1.id}/${first.id}/${first.attachments[0].id}`, {
      as: 'agent',
    });
    expect(attachment).toBe('hello'); // raw bytes, not JSON
    const note = await post('/ticket_articles', 'agent', { ticket_id: t1.id, body: 'note', internal: true });
    await get(`/ticket_articles/${note.id}?expand=true`);
    await put(`/ticket_articles/${note.id}`, 'agent', { internal: false });
    await del(`/ticket_articles/${note.id}`, 'agent');
    await get(`/ticket_history/${t1.id}`);

    await get('/tickets/search?query=contract&expand=true');
    await post('/tickets/search', 'agent', { query: 'contract', full: true });

    await put(`/ticket_merge/${t2.id}/${t1.number}`, 'agent', {});
    await del(`/tickets/${t2.id}`, 'admin');
  }, 120_000);

  it('tags, links, mentions, online notifications', async () => {
    const agent = await get('/users/me');
    const t1 = await post('/tickets', 'agent', {
      title: 'Contract links source',
      group: 'Users',
      customer: 'customer@example.org',
      article: { body: 'x', type: 'note' },
    });
    const t2 = await post('/tickets', 'agent', {
      title: 'Contract links target',
      group: 'Users',
      customer: 'customer@example.org',
      article: { body: 'y', type: 'note' },
    });

    await post('/tags/add', 'agent', { object: 'Ticket', o_id: t1.id, item: 'contract' });
    await get(`/tags?object=Ticket&o_id=${t1.id}`);
    await get('/tag_search?term=contr');
    await del(`/tags/remove?object=Ticket&o_id=${t1.id}&item=contract`, 'agent');
    await post('/tag_list', 'admin', { name: 'contract-list' });
    const list = await get('/tag_list', 'admin');
    const item = list.find((t: { name: string }) => t.name === 'contract-list');
    await put(`/tag_list/${item.id}`, 'admin', { name: 'contract-renamed' });
    await del(`/tag_list/${item.id}`, 'admin');

    await post('/links/add', 'agent', {
      link_type: 'normal',
      link_object_target: 'Ticket',
      link_object_target_value: t2.id,
      link_object_source: 'Ticket',
      link_object_source_number: t1.number,
    });
    await get(`/links?link_object=Ticket&link_object_value=${t2.id}`);
    await del('/links/remove', 'agent', {
      link_type: 'normal',
      link_object_source: 'Ticket',
      link_object_source_value: t1.id,
      link_object_target: 'Ticket',
      link_object_target_value: t2.id,
    });

    await post('/mentions', 'agent', { mentionable_type: 'Ticket', mentionable_id: t1.id });
    const { mentions } = await get(`/mentions?mentionable_type=Ticket&mentionable_id=${t1.id}`);
    await del(`/mentions/${mentions[0].id}`, 'agent');

    // A notification for the agent, as the desk's own change notifications write them.
    await desk.db.query(
      `INSERT INTO online_notifications (o_id, object, type, user_id, created_by_id, updated_by_id)
       VALUES ($1, 'Ticket', 'update', $2, 1, 1)`,
      [t1.id, agent.id],
    );
    const notifications = await get('/online_notifications?expand=true');
    const n = notifications[0];
    await get(`/online_notifications/${n.id}`);
    await put(`/online_notifications/${n.id}`, 'agent', { seen: true });
    await post('/online_notifications/mark_all_as_read', 'agent', {});
    await del(`/online_notifications/${n.id}`, 'agent');
  }, 120_000);

  it('global search', async () => {
    await get('/search?query=demo');
    await post('/search', 'agent', { query: 'demo', by_object: true });
    await get('/search/Ticket-User?query=demo');
    await post('/search/Organization', 'agent', { query: 'demo' });
  }, 60_000);

  it('object manager, EOSC services, overviews, text modules, shared drafts, mass update', async () => {
    await get('/ticket_articles?per_page=5', 'admin');

    await get('/object_manager_attributes', 'admin');
    const field = {
      name: 'contract_field',
      object: 'Ticket',
      display: 'Contract field',
      data_type: 'input',
      data_option: { type: 'text', maxlength: 120, null: true, default: '' },
      screens: {},
      position: 900,
      active: true,
    };
    const attr = await post('/object_manager_attributes', 'admin', field);
    await get(`/object_manager_attributes/${attr.id}`, 'admin');
    await put(`/object_manager_attributes/${attr.id}`, 'admin', { ...field, display: 'Contract field 2' });
    await post('/object_manager_attributes_execute_migrations', 'admin', {});
    await del(`/object_manager_attributes/${attr.id}`, 'admin');
    await post('/object_manager_attributes_discard_changes', 'admin', {});

    await get('/eosc_services');
    const service = await post('/eosc_services', 'admin', {
      key: 'contract-service',
      name: 'Contract service',
    });
    await get(`/eosc_services/${service.id}`);
    await put(`/eosc_services/${service.id}`, 'admin', { name: 'Contract service 2' });
    await del(`/eosc_services/${service.id}`, 'admin');

    await get('/overviews', 'admin');
    const overview = await post('/overviews', 'admin', {
      name: 'Contract overview',
      link: 'contract_overview',
      prio: 1000,
      role_ids: [2],
      condition: { 'ticket.state_id': { operator: 'is', value: ['1', '2'] } },
      order: { by: 'created_at', direction: 'ASC' },
      view: { s: ['number', 'title'] },
    });
    await get('/overviews/search?query=contract', 'admin');
    await get(`/overviews/${overview.id}`, 'admin');
    await put(`/overviews/${overview.id}`, 'admin', { name: 'Contract overview 2' });
    await post('/overviews_prio', 'admin', { prios: [[overview.id, 1]] });
    await get('/ticket_overviews');
    await del(`/overviews/${overview.id}`, 'admin');

    await get('/text_modules');
    const module = await post('/text_modules', 'admin', {
      name: 'Contract',
      content: 'Hello',
      keywords: 'c',
    });
    await get('/text_modules/search?query=contract');
    await get(`/text_modules/${module.id}`);
    await put(`/text_modules/${module.id}`, 'admin', { content: 'Hello again' });
    await del(`/text_modules/${module.id}`, 'admin');

    const t = await post('/tickets', 'agent', {
      title: 'Contract drafts',
      group: 'Users',
      customer: 'customer@example.org',
      article: { body: 'x', type: 'note' },
    });
    await put(`/tickets/${t.id}/shared_draft`, 'agent', { form_id: 'f1', new_article: { body: 'draft' } });
    await get(`/tickets/${t.id}/shared_draft`);
    await del(`/tickets/${t.id}/shared_draft`, 'agent');
    const start = await post('/tickets/shared_drafts', 'agent', {
      name: 'Contract draft',
      group_id: 1,
      form_id: 'f2',
      content: { title: 'draft title' },
    });
    await get('/tickets/shared_drafts');
    await get(`/tickets/shared_drafts/${start.shared_draft_id}`);
    await put(`/tickets/shared_drafts/${start.shared_draft_id}`, 'agent', {
      name: 'Contract draft',
      group_id: 1,
      form_id: 'f2',
      content: { title: 'draft title 2' },
    });
    await del(`/tickets/shared_drafts/${start.shared_draft_id}`, 'agent');
    await post('/tickets/mass_update', 'agent', { ticket_ids: [t.id], attributes: { priority_id: 3 } });
  }, 180_000);

  it('reports (EOSC extension)', async () => {
    await get('/eosc_reports/scope', 'admin');
    await get('/eosc_reports/volume?from=2026-01-01&to=2026-01-31&interval=week', 'admin');
  });

  it('session epochs (EOSC extension)', async () => {
    const me = await get('/users/me', 'customer');
    await get(`/users/${me.id}/sessions`, 'customer');
    await del(`/users/${me.id}/sessions`, 'admin');
  });

  it('calendars, SLAs, support units, the worker and the test clock', async () => {
    await get('/calendars/timezones', 'admin');
    await get('/calendars?expand=true', 'admin');
    const calendar = await post('/calendars', 'admin', {
      name: 'Contract calendar',
      timezone: 'Europe/Vienna',
      business_hours: { mon: { active: true, timeframes: [['08:00', '12:00']] } },
      public_holidays: { '2027-01-01': { active: true, summary: "New Year's Day" } },
    });
    await get(`/calendars/${calendar.id}?full=true`, 'admin');
    await put(`/calendars/${calendar.id}`, 'admin', { note: 'checked' });

    await get('/slas', 'admin');
    const sla = await post('/slas', 'admin', {
      name: 'Contract SLA',
      calendar_id: calendar.id,
      first_response_time: 60,
      update_time: '',
      condition: { 'ticket.priority_id': { operator: 'is', value: ['3'] } },
    });
    await get(`/slas/${sla.id}?expand=true`, 'admin');
    await put(`/slas/${sla.id}`, 'admin', { solution_time: 600 });
    await del(`/slas/${sla.id}`, 'admin');
    await del(`/calendars/${calendar.id}`, 'admin');

    const unit = await post('/groups', 'admin', {
      name: 'Contract Unit',
      support_unit: true,
      qos_level: 'medium',
      support_line: 2,
      mailing_list: 'contract-unit@example.org',
      assignment_guide: 'Contract tickets.',
    });
    expect(unit).toMatchObject({ support_unit: true, qos_level: 'medium', support_line: 2 });
    await del(`/groups/${unit.id}`, 'admin');

    const jobs = await get('/eosc_worker_jobs', 'admin');
    const escalation = jobs.find((j: { kind: string }) => j.kind === 'escalation');
    await post(`/eosc_worker_jobs/${escalation.id}/run`, 'admin', {});
    await get('/eosc_test_clock', 'admin');
    await put('/eosc_test_clock', 'admin', { advance_minutes: 0 });
  }, 120_000);

  it('triggers and webhooks', async () => {
    await get('/triggers?expand=true', 'admin');
    const hook = await post('/webhooks', 'admin', {
      name: 'Contract webhook',
      endpoint: 'https://hooks.example.org/contract',
      signature_token: 'contract-secret',
    });
    await get('/webhooks', 'admin');
    await get(`/webhooks/${hook.id}?expand=true`, 'admin');
    await put(`/webhooks/${hook.id}`, 'admin', { note: 'checked' });
    await post('/webhooks/preview', 'admin', {
      customized_payload: true,
      custom_payload: '{"t": "#{ticket.title}"}',
    });
    await get(`/webhooks/${hook.id}/deliveries`, 'admin');
    const trigger = await post('/triggers', 'admin', {
      name: 'Contract trigger',
      condition: { 'ticket.action': { operator: 'is', value: 'create' } },
      perform: { 'notification.webhook': { webhook_id: hook.id } },
      active: false,
    });
    await get(`/triggers/${trigger.id}?full=true`, 'admin');
    await put(`/triggers/${trigger.id}`, 'admin', { note: 'checked' });
    await del(`/triggers/${trigger.id}`, 'admin');
    await del(`/webhooks/${hook.id}`, 'admin');
  }, 60_000);

  it('knowledge base (index calls)', async () => {
    await post('/knowledge_bases/init', 'admin', {});
    await get('/knowledge_bases/visible_ids', 'admin');
    await post('/knowledge_bases/search', 'admin', { query: 'contract' });
  }, 60_000);

  it('self-service accounts (sign-up, verification, password reset; without credentials)', async () => {
    const anon = (path: string, body: unknown) =>
      call(path, { as: 'none', method: 'POST', body: body as string });
    await anon('/users', { signup: true, email: 'contract-signup@example.net', password: 'ContractPass42' });
    await anon('/users/email_verify_send', { email: 'contract-signup@example.net' });
    await anon('/users/password_reset', { username: 'contract-signup@example.net' });
    await anon('/users/password_reset_verify', { token: 'no-such-token' });
    // The desk runs without SMTP here, so no link is mailed: plant a token as a mail would carry.
    await desk.db.query(
      `INSERT INTO user_tokens (user_id, action, token_hash, expires_at)
       SELECT id, 'Signup', $1, now() + interval '1 hour' FROM users WHERE login = 'contract-signup@example.net'`,
      [createHash('sha256').update('contract-token').digest('hex')],
    );
    await anon('/users/email_verify', { token: 'contract-token' });
  });

  it('the e-mail channel and received mail', async () => {
    await get('/channels_email', 'admin');
    await post('/channels_email_disable', 'admin', { id: 1 });
    await post('/channels_email_enable', 'admin', { id: 1 });
    await post('/channels_email_group/1', 'admin', { group_id: 1 });
    await get('/email_addresses?expand=true');
    const address = await post('/email_addresses', 'admin', {
      name: 'Contract',
      email: 'contract@helpdesk.test',
    });
    await get(`/email_addresses/${address.id}?full=true`, 'admin');
    await put(`/email_addresses/${address.id}`, 'admin', { note: 'checked' });
    await del(`/email_addresses/${address.id}`, 'admin');
    const delivered = await call('/channels_email/inbound_mails', {
      as: 'admin',
      method: 'POST',
      headers: { 'Content-Type': 'message/rfc822' },
      body: 'From: someone@example.net\r\nTo: support@helpdesk.example.org\r\nSubject: contract\r\n\r\nhello\r\n',
    });
    await get('/channels_email/inbound_mails?status=processed', 'admin');
    await get(`/channels_email/inbound_mails/${delivered.id}`, 'admin');
    await get(`/channels_email/inbound_mails/${delivered.id}/raw`, 'admin');
  });

  it('communities (issue 16, path 3)', async () => {
    const group = (await post('/groups', 'admin', { name: 'Contract community unit' })).id;
    const created = await post('/communities', 'admin', {
      name: 'Contract community',
      slug: 'contract-community',
      primary_color: '#123456',
      group_ids: [group],
    });
    await get('/communities', 'customer');
    await get(`/communities/${created.id}`, 'agent');
    await get('/communities/by_slug/contract-community', 'customer');
    await put(`/communities/${created.id}`, 'admin', { display_name: 'Contract', admin_user_ids: [] });
    const agent = (await get('/users/me', 'agent')).id;
    await put(`/communities/${created.id}/groups/${group}/members`, 'admin', { user_ids: [agent] });
    await del(`/communities/${created.id}`, 'admin');
  });

  // Knowledge-base record operations: described, but not yet called here (they need a knowledge
  // base with categories and answers; apps/desk/test/knowledge-base*.test.ts calls them through
  // desk.api, so their replies are still validated there).
  const NOT_CALLED_HERE = new Set([
    'getKnowledgeBase',
    'patchKnowledgeBase',
    'putKnowledgeBase',
    'getManagedKnowledgeBase',
    'patchManagedKnowledgeBase',
    'putManagedKnowledgeBase',
    'createKnowledgeBaseCategory',
    'getKnowledgeBaseCategory',
    'patchKnowledgeBaseCategory',
    'putKnowledgeBaseCategory',
    'deleteKnowledgeBaseCategory',
    'reorderKnowledgeBaseRootCategories',
    'reorderKnowledgeBaseSubcategories',
    'reorderKnowledgeBaseAnswers',
    'getKnowledgeBaseAnswer',
    'createKnowledgeBaseAnswer',
    'patchKnowledgeBaseAnswer',
    'putKnowledgeBaseAnswer',
    'deleteKnowledgeBaseAnswer',
    'internalKnowledgeBaseAnswer',
    'publishKnowledgeBaseAnswer',
    'archiveKnowledgeBaseAnswer',
    'unarchiveKnowledgeBaseAnswer',
    'addKnowledgeBaseAnswerAttachment',
    'deleteKnowledgeBaseAnswerAttachment',
    'getAttachment',
    // Destructive or needing a failed mail: called in mail-inbound.test.ts through desk.api.
    'destroyChannelEmail',
    'reprocessInboundMail',
    // Need a redirect service, the worker and a mail server: called in redirect.test.ts.
    'getTicketRedirect',
    'resendTicketRedirect',
    'takeOverTicketRedirect',
  ]);

  it('left no documented operation without a real call', () => {
    const ids = contract().operations.map((op) => op.operationId);
    for (const id of NOT_CALLED_HERE) expect(ids, `${id} is still documented`).toContain(id);
    const missing = ids.filter((id) => !exercised.has(id) && !NOT_CALLED_HERE.has(id));
    expect(missing).toEqual([]);
  });
});
