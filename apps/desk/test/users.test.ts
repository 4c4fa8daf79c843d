import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, json, type RunningDesk, startDesk } from './harness.ts';

let desk: RunningDesk;
const ids = { admin: 0, agent: 0, customer: 0, customerB: 0, lonelyAgent: 0, colleague: 0 };
const customerB: Credentials = { basic: ['bob@other.example', 'bob-secret-pass'] };
const colleague: Credentials = { basic: ['carla@example.org', 'carla-secret-pass'] };
const lonelyAgent: Credentials = { basic: ['lonely@example.org', 'lonely-secret-pass'] };

async function post(path: string, as: Credentials, body: unknown): Promise<Response> {
  return desk.api(path, { as, method: 'POST', body: JSON.stringify(body) });
}
async function put(path: string, as: Credentials, body: unknown): Promise<Response> {
  return desk.api(path, { as, method: 'PUT', body: JSON.stringify(body) });
}
async function created(res: Response) {
  expect(res.status).toBe(201);
  return json(res);
}

beforeAll(async () => {
  desk = await startDesk();
  for (const who of ['admin', 'agent', 'customer'] as const) {
    ids[who] = (await json(await desk.api('/users/me', { as: who }))).id;
  }
  const org = await created(await post('/organizations', 'admin', { name: 'Other Institute' }));
  ids.customerB = (
    await created(
      await post('/users', 'admin', {
        email: 'bob@other.example',
        firstname: 'Bob',
        password: 'bob-secret-pass',
        organization_id: org.id,
      }),
    )
  ).id;
  ids.colleague = (
    await created(
      await post('/users', 'admin', {
        email: 'carla@example.org',
        firstname: 'Carla',
        phone: '+49 1',
        password: 'carla-secret-pass',
        organization: 'Demo University',
      }),
    )
  ).id;
  ids.lonelyAgent = (
    await created(
      await post('/users', 'admin', {
        email: 'lonely@example.org',
        firstname: 'Lonely',
        password: 'lonely-secret-pass',
        roles: ['Agent'],
      }),
    )
  ).id;
});
afterAll(async () => {
  await desk?.close();
});

describe('GET /users/me', () => {
  it('gives the plain shape without password, and expand adds names beside ids', async () => {
    const me = await json(await desk.api('/users/me', { as: 'agent' }));
    expect(me.password).toBeUndefined();
    expect(me.login).toBe('agent@example.org');
    expect(me.role_ids).toEqual([2]);
    expect(me.group_ids['1']).toEqual(['full']);
    expect(me).toHaveProperty('phone');
    expect(me.organization_ids).toEqual([]);

    const expanded = await json(await desk.api('/users/me?expand=true', { as: 'customer' }));
    expect(expanded.roles).toEqual(['Customer']);
    expect(expanded.organization).toBe('Demo University');
    expect(expanded.role_ids).toEqual([3]);
    expect(expanded.created_by).toBe('-');
    expect(expanded.password).toBeUndefined();
  });

  it('hides address and phone-style fields from customers viewing themselves', async () => {
    const me = await json(await desk.api('/users/me', { as: customerB }));
    expect(me.id).toBe(ids.customerB);
    expect(me.email).toBe('bob@other.example');
    for (const k of [
      'phone',
      'mobile',
      'fax',
      'street',
      'zip',
      'city',
      'country',
      'address',
      'note',
      'web',
      'department',
    ]) {
      expect(me, k).not.toHaveProperty(k);
    }
  });

  it('answers full=true with {id, assets} holding the user, its roles and organization', async () => {
    const body = await json(await desk.api('/users/me?full=1', { as: 'customer' }));
    expect(body.id).toBe(ids.customer);
    expect(body.assets.User[String(ids.customer)].login).toBe('customer@example.org');
    expect(body.assets.User[String(ids.customer)].password).toBeUndefined();
    expect(Object.keys(body.assets.Organization)).toEqual(['1']);
    // customers see organizations and roles reduced
    expect(Object.keys(body.assets.Organization['1']).sort()).toEqual(['active', 'id', 'name']);
    expect(body.assets.Role['3'].name).toBe('Role_3');
  });
});

describe('GET /users', () => {
  it('pages everyone for agents, ordered by id, with total_count in full', async () => {
    const all = await json(await desk.api('/users', { as: 'agent' }));
    const list = all.map((u: { id: number }) => u.id);
    expect(list).toEqual([...list].sort((a, b) => a - b));
    expect(list).toEqual(expect.arrayContaining([1, ids.admin, ids.agent, ids.customer, ids.customerB]));
    expect(all.every((u: Record<string, unknown>) => !('password' in u))).toBe(true);

    const page2 = await json(await desk.api('/users?page=2&per_page=1', { as: 'agent' }));
    expect(page2.map((u: { id: number }) => u.id)).toEqual([list[1]]);

    const full = await json(await desk.api('/users?full=true&per_page=2', { as: 'agent' }));
    expect(full.record_ids).toEqual(list.slice(0, 2));
    expect(full.total_count).toBe(list.length);
    expect(full.assets.User[String(list[0])]).toBeDefined();
  });

  it('sorts by validated columns; an unknown column is a 422 (Zammad: a masked 500)', async () => {
    const desc = await json(await desk.api('/users?sort_by=login&order_by=desc', { as: 'admin' }));
    const logins = desc.map((u: { login: string }) => u.login);
    expect(logins).toEqual([...logins].sort().reverse());

    const admin = await desk.api('/users?sort_by=nope', { as: 'admin' });
    expect(admin.status).toBe(422);
    expect((await json(admin)).error).toContain('nope');
    const agent = await desk.api('/users?sort_by=password;drop', { as: 'agent' });
    expect(agent.status).toBe(422);
    expect((await json(agent)).error).toBe("Invalid sort_by column 'password;drop'");
    const badOrder = await desk.api('/users?sort_by=id&order_by=sideways', { as: 'admin' });
    expect(badOrder.status).toBe(422);
  });

  it('gives customers a list holding only themselves', async () => {
    const list = await json(await desk.api('/users?expand=true', { as: 'customer' }));
    expect(list).toHaveLength(1);
    expect(list[0].id).toBe(ids.customer);
    expect(list[0].roles).toEqual(['Customer']);
    expect(list[0]).not.toHaveProperty('street');
  });

  it('defaults to 100 per page and clamps per_page to 1000', async () => {
    await desk.db.query(
      `INSERT INTO users (login, firstname) SELECT 'bulk-' || n, 'Bulk' FROM generate_series(1, 1005) AS n`,
    );
    expect((await json(await desk.api('/users', { as: 'admin' }))).length).toBe(100);
    expect((await json(await desk.api('/users?per_page=5000', { as: 'admin' }))).length).toBe(1000);
    expect((await json(await desk.api('/users?limit=7', { as: 'admin' }))).length).toBe(7);
    await desk.db.query(`DELETE FROM users WHERE login LIKE 'bulk-%'`);
  });
});

describe('GET /users/:id', () => {
  it('shows anyone to admins and agents, including an agent without group access', async () => {
    for (const as of ['admin', 'agent', lonelyAgent] as Credentials[]) {
      const res = await desk.api(`/users/${ids.customerB}`, { as });
      expect(res.status).toBe(200);
      const u = await json(res);
      expect(u.email).toBe('bob@other.example');
      expect(u.role_ids).toEqual([3]);
    }
  });

  it('shows customers same-organization users with reduced fields only', async () => {
    const res = await desk.api(`/users/${ids.colleague}?expand=true`, { as: 'customer' });
    expect(res.status).toBe(200);
    const u = await json(res);
    expect(Object.keys(u).sort()).toEqual(['active', 'firstname', 'id', 'image', 'image_source', 'lastname']);
    expect(u.firstname).toBe('Carla');
    const back = await json(await desk.api(`/users/${ids.customer}`, { as: colleague }));
    expect(Object.keys(back).sort()).toEqual([
      'active',
      'firstname',
      'id',
      'image',
      'image_source',
      'lastname',
    ]);
  });

  it('refuses customers users of another organization and agents (403 Not authorized)', async () => {
    for (const target of [ids.customerB, ids.agent]) {
      const res = await desk.api(`/users/${target}`, { as: 'customer' });
      expect(res.status).toBe(403);
      expect(await json(res)).toEqual({ error: 'Not authorized', error_human: 'Not authorized' });
    }
    const b = await desk.api(`/users/${ids.customer}`, { as: customerB });
    expect(b.status).toBe(403);
    const self = await desk.api(`/users/${ids.customerB}`, { as: customerB });
    expect(self.status).toBe(200);
  });

  it('answers 404 for an unknown user', async () => {
    const res = await desk.api('/users/999999', { as: 'admin' });
    expect(res.status).toBe(404);
    expect((await json(res)).error).toBe("Couldn't find User with 'id'=999999");
  });
});

describe('POST /users', () => {
  it('lets agents create customers: login from the lower-cased e-mail, signup roles, no role escalation', async () => {
    const u = await created(
      await post('/users', 'agent', {
        email: 'New.Person@Example.NET',
        firstname: 'New',
        lastname: 'Person',
        password: 'a-long-password',
        role_ids: [1],
        roles: ['Admin'],
        group_ids: { '1': ['full'] },
        created_by_id: ids.admin,
        unknown_attribute: 'dropped',
      }),
    );
    expect(u.email).toBe('new.person@example.net');
    expect(u.login).toBe('new.person@example.net');
    expect(u.role_ids).toEqual([3]);
    expect(u.group_ids).toEqual({});
    expect(u.created_by_id).toBe(ids.agent);
    expect(u.password).toBeUndefined();
    expect(u.unknown_attribute).toBeUndefined();
    const stored = await desk.db.query<{ password: string }>('SELECT password FROM users WHERE id = $1', [
      u.id,
    ]);
    expect(stored[0]?.password).toMatch(/^scrypt\$/);
    const me = await desk.api('/users/me', { as: { basic: ['new.person@example.net', 'a-long-password'] } });
    expect(me.status).toBe(200);
  });

  it('lets admin.user set roles and groups by name, and the organization by name', async () => {
    const u = await created(
      await post('/users?expand=true', 'admin', {
        firstname: 'Ann',
        email: 'ann@example.org',
        roles: ['Agent'],
        groups: { Users: 'full', 'First-Line Support': ['read', 'change'] },
        organization: 'Demo University',
      }),
    );
    expect(u.role_ids).toEqual([2]);
    expect(u.roles).toEqual(['Agent']);
    expect(u.group_ids).toEqual({ '1': ['full'], '2': ['change', 'read'] });
    expect(u.groups).toEqual({ Users: ['full'], 'First-Line Support': ['change', 'read'] });
    expect(u.organization_id).toBe(1);
    expect(u.organization).toBe('Demo University');

    const byId = await created(
      await post('/users', 'admin', { lastname: 'Ids', role_ids: [2, 3], group_ids: { '1': 'full' } }),
    );
    expect(byId.role_ids).toEqual([2, 3]);
    expect(byId.group_ids).toEqual({ '1': ['full'] });
    expect(byId.login).toMatch(/^auto-[0-9a-f-]{36}$/);
  });

  it('suffixes colliding logins', async () => {
    const a = await created(await post('/users', 'admin', { login: 'JDoe', firstname: 'J' }));
    const b = await created(await post('/users', 'admin', { login: 'jdoe', firstname: 'J' }));
    expect(a.login).toBe('jdoe');
    expect(b.login).toBe('jdoe1');
  });

  it('rejects duplicate e-mails, missing identifiers and unknown references with Zammad messages', async () => {
    const dup = await post('/users', 'agent', { email: 'CUSTOMER@example.org' });
    expect(dup.status).toBe(422);
    expect(await json(dup)).toEqual({
      error: "Email address 'customer@example.org' is already used for another user.",
      error_human: "Email address 'customer@example.org' is already used for another user.",
    });
    const none = await post('/users', 'agent', { login: 'nobody', note: 'x' });
    expect(none.status).toBe(422);
    expect((await json(none)).error).toBe(
      'At least one identifier (firstname, lastname, phone, mobile or email) for user is required.',
    );
    const role = await post('/users', 'admin', { firstname: 'x', roles: ['Nope'] });
    expect(role.status).toBe(422);
    expect((await json(role)).error).toBe('No lookup value found for \'roles\': "Nope"');
    const roleId = await post('/users', 'admin', { firstname: 'x', role_ids: [99] });
    expect((await json(roleId)).error).toBe("No value found for 'roles' with id 99");
    const org = await post('/users', 'agent', { firstname: 'x', organization: 'Nope' });
    expect(org.status).toBe(422);
    expect((await json(org)).error).toBe('No lookup value found for \'organization\': "Nope"');
    const orgId = await post('/users', 'agent', { firstname: 'x', organization_id: 999 });
    expect((await json(orgId)).error).toBe("Invalid value for param 'organization_id': 999");
    const group = await post('/users', 'admin', { firstname: 'x', groups: { Nope: 'full' } });
    expect((await json(group)).error).toBe('No lookup value found for \'groups\': "Nope"');
    const level = await post('/users', 'admin', { firstname: 'x', group_ids: { '1': ['root'] } });
    expect(level.status).toBe(422);
    const email = await post('/users', 'agent', { email: 'not-an-email' });
    expect(email.status).toBe(422);
    // nothing was stored by the failed attempts
    const rows = await desk.db.query("SELECT 1 FROM users WHERE login = 'nobody' OR firstname = 'x'");
    expect(rows).toHaveLength(0);
  });

  it('is refused to customers (403 User authorization failed.)', async () => {
    const res = await post('/users', 'customer', { firstname: 'Sneaky' });
    expect(res.status).toBe(403);
    expect((await json(res)).error).toBe('User authorization failed.');
    expect(res.headers.get('x-failure')).toBe('User authorization failed.');
  });

  it('answers full=true with {id, assets}', async () => {
    const res = await created(
      await post('/users?full=true', 'admin', { firstname: 'Full', roles: ['Agent'] }),
    );
    expect(typeof res.id).toBe('number');
    expect(res.assets.User[String(res.id)].firstname).toBe('Full');
    expect(res.assets.Role['2'].name).toBe('Agent');
  });
});

describe('PUT /users/:id', () => {
  it('lets admins edit anyone, including roles and groups', async () => {
    const res = await put(`/users/${ids.lonelyAgent}`, 'admin', {
      lastname: 'Updated',
      groups: { 'First-Line Support': 'read' },
    });
    expect(res.status).toBe(200);
    const u = await json(res);
    expect(u.lastname).toBe('Updated');
    expect(u.group_ids).toEqual({ '2': ['read'] });
    expect(u.updated_by_id).toBe(ids.admin);
    expect((await put(`/users/${ids.lonelyAgent}`, 'admin', { group_ids: {} })).status).toBe(200);
  });

  it('lets agents (even without group access) edit customer-only users, silently dropping roles', async () => {
    for (const as of ['agent', lonelyAgent] as Credentials[]) {
      const res = await put(`/users/${ids.customerB}`, as, { lastname: 'Edited', role_ids: [1] });
      expect(res.status).toBe(200);
      const u = await json(res);
      expect(u.lastname).toBe('Edited');
      expect(u.role_ids).toEqual([3]);
    }
  });

  it('ignores a password sent by an agent (only admin.user resets passwords)', async () => {
    const res = await put(`/users/${ids.customerB}`, 'agent', { password: 'taken-over-pass' });
    expect(res.status).toBe(200);
    const hijack = await desk.api('/users/me', { as: { basic: ['bob@other.example', 'taken-over-pass'] } });
    expect(hijack.status).toBe(401);
    expect((await desk.api('/users/me', { as: customerB })).status).toBe(200);
  });

  it('refuses agents editing agents or admins, and customers editing anyone (403)', async () => {
    for (const [as, target] of [
      ['agent', ids.admin],
      ['agent', ids.lonelyAgent],
      ['customer', ids.customer],
      ['customer', ids.colleague],
      [customerB, ids.customer],
    ] as [Credentials, number][]) {
      const res = await put(`/users/${target}`, as, { lastname: 'Hacked' });
      expect(res.status, `${JSON.stringify(as)} → ${target}`).toBe(403);
      expect((await json(res)).error).toBe('Not authorized');
    }
    const rows = await desk.db.query("SELECT 1 FROM users WHERE lastname = 'Hacked'");
    expect(rows).toHaveLength(0);
  });

  it('accepts form-encoded PUTs (Android) and checks e-mail uniqueness', async () => {
    const res = await desk.api(`/users/${ids.colleague}`, {
      as: 'agent',
      method: 'PUT',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'city=Berlin&vip=true',
    });
    expect(res.status).toBe(200);
    const u = await json(res);
    expect(u.city).toBe('Berlin');
    expect(u.vip).toBe(true);
    const dup = await put(`/users/${ids.colleague}`, 'admin', { email: 'agent@example.org' });
    expect(dup.status).toBe(422);
    expect((await json(dup)).error).toBe(
      "Email address 'agent@example.org' is already used for another user.",
    );
    const same = await put(`/users/${ids.colleague}`, 'admin', { email: 'Carla@example.org' });
    expect(same.status).toBe(200);
  });

  it('changes the password (hashed) and answers 404 for unknown users', async () => {
    const res = await put(`/users/${ids.colleague}`, 'admin', { password: 'carla-new-password' });
    expect(res.status).toBe(200);
    expect((await json(res)).password).toBeUndefined();
    const me = await desk.api('/users/me', { as: { basic: ['carla@example.org', 'carla-new-password'] } });
    expect(me.status).toBe(200);
    expect((await put(`/users/${ids.colleague}`, 'admin', { password: 'carla-secret-pass' })).status).toBe(
      200,
    );
    const missing = await put('/users/999999', 'admin', { firstname: 'x' });
    expect(missing.status).toBe(404);
  });
});

describe('DELETE /users/:id', () => {
  it('deletes an unreferenced user for admin.user', async () => {
    const u = await created(await post('/users', 'admin', { firstname: 'Temporary' }));
    const res = await desk.api(`/users/${u.id}`, { as: 'admin', method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({});
    expect((await desk.api(`/users/${u.id}`, { as: 'admin' })).status).toBe(404);
  });

  it('refuses users with references (422) and non-admins (403)', async () => {
    const res = await desk.api(`/users/${ids.customer}`, { as: 'admin', method: 'DELETE' });
    expect(res.status).toBe(422);
    expect((await json(res)).error).toBe("Can't delete, object has references.");
    for (const as of ['agent', 'customer', lonelyAgent] as Credentials[]) {
      const denied = await desk.api(`/users/${ids.customerB}`, { as, method: 'DELETE' });
      expect(denied.status).toBe(403);
      expect((await json(denied)).error).toBe('User authorization failed.');
    }
    expect((await desk.api('/users/999999', { as: 'admin', method: 'DELETE' })).status).toBe(404);
  });
});

describe('inactive users', () => {
  it('answer 401 with the login-failed message on Basic auth', async () => {
    const u = await created(
      await post('/users', 'admin', {
        email: 'gone@example.org',
        password: 'gone-secret-pass',
        firstname: 'Gone',
      }),
    );
    expect((await put(`/users/${u.id}`, 'admin', { active: false })).status).toBe(200);
    const res = await desk.api('/users/me', { as: { basic: ['gone@example.org', 'gone-secret-pass'] } });
    expect(res.status).toBe(401);
    expect((await json(res)).error).toBe(
      'Login failed. Have you double-checked your credentials and completed the email verification step?',
    );
  });
});
