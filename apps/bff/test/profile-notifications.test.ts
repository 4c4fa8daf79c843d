import { defaultNotificationMatrix } from '@eosc/zammad-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, deskAs, type RunningBff, startBff } from './harness.ts';

/*
 * The person's notification settings through the BFF, against the real desk: agents edit
 * Zammad's matrix and the groups to limit to, customers their two toggles; what is saved is what
 * the desk holds in `preferences.notification_config` (Zammad's `PUT /users/preferences`).
 */

let bff: RunningBff;
let seq = 0;
const admin = (path: string, init: RequestInit = {}) =>
  deskAs(DEMO.admin.login, DEMO.admin.password, path, init);

/** A fresh person (the demo accounts are shared by other test files). */
async function person(roles: string[], extra: Record<string, unknown> = {}) {
  seq += 1;
  const email = `notify${seq}-${Date.now()}@example.org`;
  const password = 'Notify-pass-1234';
  const r = await admin('/users', {
    method: 'POST',
    body: JSON.stringify({ email, firstname: 'Nora', lastname: 'Notify', password, roles, ...extra }),
  });
  expect(r.status).toBe(201);
  const b = new Browser(bff.url);
  expect((await b.signIn({ login: email, password })).status).toBe(200);
  return { id: r.body.id as number, email, password, b };
}

/** What the desk holds for the person. */
async function stored(email: string) {
  const r = await deskAs(DEMO.admin.login, DEMO.admin.password, '/users/me', { headers: { From: email } });
  return r.body.preferences?.notification_config;
}

beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

describe('GET/PUT /bff/profile/notifications', () => {
  it('gives an agent the matrix (defaults until saved) and the groups they may limit to, and saves both', async () => {
    const groups = (await admin('/groups')).body as { id: number; name: string }[];
    const users = groups.find((g) => g.name === 'Users') as { id: number };
    const other = groups.find((g) => g.name !== 'Users') as { id: number; name: string };
    const agent = await person(['Agent'], { group_ids: { [users.id]: ['full'] } });

    const first = await agent.b.request('/bff/profile/notifications');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      kind: 'agent',
      matrix: defaultNotificationMatrix(),
      group_ids: [],
      groups: [{ id: users.id, name: 'Users' }],
      customer: null,
    });

    const matrix = defaultNotificationMatrix();
    for (const k of ['owned_by_me', 'owned_by_nobody', 'subscribed', 'no'] as const)
      matrix.create.criteria[k] = false;
    matrix.create.channel.email = false;
    const saved = await agent.b.request('/bff/profile/notifications', {
      method: 'PUT',
      body: { matrix, group_ids: [users.id] },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.matrix.create).toEqual(matrix.create);
    expect(saved.body.group_ids).toEqual([users.id]);
    expect(await stored(agent.email)).toEqual({ matrix, group_ids: [users.id] });
    expect((await agent.b.request('/bff/profile/notifications')).body.matrix).toEqual(matrix);

    // Groups only groups the agent can read; a bad matrix is refused before it reaches the desk.
    const foreign = await agent.b.request('/bff/profile/notifications', {
      method: 'PUT',
      body: { group_ids: [other.id] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toContain(`no access to group ${other.id}`);
    const broken = await agent.b.request('/bff/profile/notifications', {
      method: 'PUT',
      body: { matrix: { create: { criteria: { owned_by_me: 'yes' } } } },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('invalid_input');

    const reset = await agent.b.request('/bff/profile/notifications/reset', { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(reset.body.matrix).toEqual(defaultNotificationMatrix());
    // The reset keeps the chosen groups (as Zammad's does).
    expect(reset.body.group_ids).toEqual([users.id]);
    expect((await stored(agent.email)).matrix).toEqual(defaultNotificationMatrix());
  });

  it('gives a customer the two toggles (both on by default) and refuses a matrix', async () => {
    const customer = await person(['Customer']);
    const first = await customer.b.request('/bff/profile/notifications');
    expect(first.body).toEqual({
      kind: 'customer',
      matrix: null,
      group_ids: [],
      groups: [],
      customer: { reply: true, state: true },
    });
    const saved = await customer.b.request('/bff/profile/notifications', {
      method: 'PUT',
      body: { customer: { reply: true, state: false } },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.customer).toEqual({ reply: true, state: false });
    expect(await stored(customer.email)).toEqual({ customer: { reply: true, state: false } });

    const matrix = await customer.b.request('/bff/profile/notifications', {
      method: 'PUT',
      body: { matrix: defaultNotificationMatrix() },
    });
    expect(matrix.status).toBe(400);
    expect(matrix.body.error).toBe('Only agents have a notification matrix.');
  });

  it('is for signed-in people only and needs the CSRF header to change', async () => {
    const anonymous = new Browser(bff.url);
    expect((await anonymous.request('/bff/profile/notifications')).status).toBe(401);
    const customer = await person(['Customer']);
    const noCsrf = await customer.b.request('/bff/profile/notifications', {
      method: 'PUT',
      body: { customer: { reply: false, state: false } },
      csrf: false,
    });
    expect(noCsrf.status).toBe(403);
    expect(await stored(customer.email)).toBeUndefined();
  });
});
