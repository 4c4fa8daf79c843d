import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, deskAs, type RunningBff, startBff } from './harness.ts';

/*
 * Trigger and webhook administration through the BFF, against the real desk: who may, what a
 * trigger does to the next ticket, the preview of matching open tickets, masked webhook secrets,
 * and the helpdesk's refusals passed on.
 */

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  expect((await b.signIn(who)).status).toBe(200);
  return b;
}

const admin = (path: string, init: RequestInit = {}) =>
  deskAs(DEMO.admin.login, DEMO.admin.password, path, init);

const trigger = (name: string, mark: string) => ({
  name,
  condition: {
    'ticket.action': { operator: 'is', value: 'create' },
    'ticket.title': { operator: 'contains', value: mark },
  },
  perform: {
    'ticket.tags': { operator: 'add', value: `tagged-${mark}` },
    'ticket.priority_id': { value: '3' },
  },
});

describe('trigger and webhook administration: who may', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/bff/agent/admin/triggers'],
    ['POST', '/bff/agent/admin/triggers', trigger('x', 'x')],
    ['PUT', '/bff/agent/admin/triggers/1', trigger('x', 'x')],
    ['DELETE', '/bff/agent/admin/triggers/999999'],
    ['POST', '/bff/agent/admin/triggers/preview', { condition: {} }],
    ['GET', '/bff/agent/admin/webhooks'],
    ['POST', '/bff/agent/admin/webhooks', { name: 'x', endpoint: 'https://hooks.example.org/' }],
    ['PUT', '/bff/agent/admin/webhooks/1', { name: 'x', endpoint: 'https://hooks.example.org/' }],
    ['DELETE', '/bff/agent/admin/webhooks/999999'],
    ['GET', '/bff/agent/admin/webhooks/1/deliveries'],
  ];

  it('refuses agents and customers (403) and anonymous visitors (401)', async () => {
    const agent = await signedIn(DEMO.agent);
    const customer = await signedIn(DEMO.customer);
    const anonymous = new Browser(bff.url);
    for (const [method, path, body] of routes)
      for (const [who, b, status] of [
        ['agent', agent, 403],
        ['customer', customer, 403],
        ['anonymous', anonymous, 401],
      ] as const) {
        const res = await b.request(path, { method, ...(body ? { body } : {}) });
        expect({ who, method, path, status: res.status }).toEqual({ who, method, path, status });
      }
    expect((await agent.request('/bff/agent/permissions')).body).toMatchObject({
      trigger_admin: false,
      webhook_admin: false,
    });
  });
});

describe('triggers through the BFF', () => {
  it('lists the standard triggers with their e-mail actions', async () => {
    const b = await signedIn(DEMO.admin);
    expect((await b.request('/bff/agent/permissions')).body).toMatchObject({
      trigger_admin: true,
      webhook_admin: true,
    });
    const res = await b.request('/bff/agent/admin/triggers');
    expect(res.status).toBe(200);
    const auto = res.body.items.find((t: { name: string }) => t.name === 'auto reply (on new tickets)');
    expect(auto).toMatchObject({
      active: true,
      condition: { 'ticket.action': { operator: 'is', value: 'create' } },
      perform: { 'notification.email': { recipient: ['article_last_sender'] } },
      other_actions: [],
    });
  });

  it('creates a trigger that tags the next matching ticket, previews matches, and deletes it', async () => {
    const b = await signedIn(DEMO.admin);
    const mark = `bff${Date.now()}`;
    const created = await b.request('/bff/agent/admin/triggers', {
      method: 'POST',
      body: trigger(`Tag ${mark}`, mark),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: `Tag ${mark}`,
      active: true,
      execution_condition_mode: 'selective',
    });

    const ticket = await admin('/tickets', {
      method: 'POST',
      body: JSON.stringify({
        title: `Storage ${mark}`,
        group: 'Users',
        customer: 'customer@example.org',
        article: { body: 'x' },
      }),
    });
    expect(ticket.status).toBe(201);
    expect(ticket.body.priority_id).toBe(3);
    const tags = await admin(`/tags?object=Ticket&o_id=${ticket.body.id}`);
    expect(tags.body.tags).toContain(`tagged-${mark}`);

    const preview = await b.request('/bff/agent/admin/triggers/preview', {
      method: 'POST',
      body: { condition: created.body.condition },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      total: 1,
      tickets: [{ id: ticket.body.id, number: ticket.body.number, title: `Storage ${mark}` }],
      ignored: ['ticket.action'],
    });

    const off = await b.request(`/bff/agent/admin/triggers/${created.body.id}`, {
      method: 'PUT',
      body: { ...trigger(`Tag ${mark}`, mark), active: false },
    });
    expect(off.body.active).toBe(false);
    expect(
      (await b.request(`/bff/agent/admin/triggers/${created.body.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
  });

  it('refuses bad input itself (400) and passes on the helpdesk’s refusal (422)', async () => {
    const b = await signedIn(DEMO.admin);
    const empty = await b.request('/bff/agent/admin/triggers', {
      method: 'POST',
      body: { name: 'empty', condition: {}, perform: {} },
    });
    expect(empty.status).toBe(400);
    const missing = await b.request('/bff/agent/admin/triggers', {
      method: 'POST',
      body: {
        name: `missing ${Date.now()}`,
        condition: {},
        perform: { 'ticket.state_id': { value: '999999' } },
      },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toContain('names no record');
  });
});

describe('webhooks through the BFF', () => {
  it('creates a webhook with masked secrets, keeps them on save, shows its log, refuses private targets', async () => {
    const b = await signedIn(DEMO.admin);
    const name = `Hook ${Date.now()}`;
    const body = { name, endpoint: 'https://hooks.example.org/eosc', signature_token: 's3cret' };
    const created = await b.request('/bff/agent/admin/webhooks', { method: 'POST', body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name,
      signature_token: '**********',
      active: true,
      ssl_verify: true,
    });
    const saved = await b.request(`/bff/agent/admin/webhooks/${created.body.id}`, {
      method: 'PUT',
      body: { ...body, signature_token: '**********', note: 'kept' },
    });
    expect(saved.body).toMatchObject({ note: 'kept', signature_token: '**********' });
    const raw = await admin(`/webhooks/${created.body.id}`);
    expect(raw.body.signature_token).toBe('**********');
    const log = await b.request(`/bff/agent/admin/webhooks/${created.body.id}/deliveries`);
    expect(log).toMatchObject({ status: 200, body: { items: [] } });

    const local = await b.request('/bff/agent/admin/webhooks', {
      method: 'POST',
      body: { name: `${name} local`, endpoint: 'http://127.0.0.1:9/x' },
    });
    expect(local.status).toBe(422);
    expect(local.body.error).toContain('WEBHOOK_ALLOW_HOSTS');
    const ftp = await b.request('/bff/agent/admin/webhooks', {
      method: 'POST',
      body: { name: 'ftp', endpoint: 'ftp://x.org/' },
    });
    expect(ftp.status).toBe(400);
    expect(
      (await b.request(`/bff/agent/admin/webhooks/${created.body.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
  });
});
