import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, json, type RunningDesk, startDesk } from './harness.ts';

let desk: RunningDesk;
const customerB: Credentials = { basic: ['bea@other.example', 'bea-secret-pass'] };
const lonelyAgent: Credentials = { basic: ['lonely@example.org', 'lonely-secret-pass'] };

const send = (method: string, path: string, as: Credentials, body: unknown) =>
  desk.api(path, { as, method, body: JSON.stringify(body) });

async function created(res: Response) {
  expect(res.status).toBe(201);
  return json(res);
}

const CUSTOMER_GROUP_KEYS = [
  'active',
  'follow_up_possible',
  'id',
  'name',
  'name_last',
  'parent_id',
  'reopen_time_in_days',
];

beforeAll(async () => {
  desk = await startDesk();
  await created(await send('POST', '/organizations', 'admin', { name: 'Other Institute' }));
  await created(
    await send('POST', '/users', 'admin', {
      email: 'bea@other.example',
      firstname: 'Bea',
      password: 'bea-secret-pass',
      organization: 'Other Institute',
    }),
  );
  await created(
    await send('POST', '/users', 'admin', {
      email: 'lonely@example.org',
      firstname: 'Lonely',
      password: 'lonely-secret-pass',
      roles: ['Agent'],
    }),
  );
});
afterAll(async () => {
  await desk?.close();
});

describe('groups', () => {
  it('lists every group in full for agents (with or without group access) and admins', async () => {
    const seeded = (await desk.db.query<{ name: string }>('SELECT name FROM groups ORDER BY id')).map(
      (g) => g.name,
    );
    expect(seeded.slice(0, 2)).toEqual(['Users', 'First-Line Support']);
    for (const as of ['admin', 'agent', lonelyAgent] as Credentials[]) {
      const list = await json(await desk.api('/groups', { as }));
      expect(list.map((g: { name: string }) => g.name)).toEqual(seeded);
      expect(list[0]).toMatchObject({
        id: 1,
        name_last: 'Users',
        parent_id: null,
        follow_up_possible: 'yes',
      });
      expect(list[0].note).toBe('Standard Group/Pool for Tickets.');
      expect(list[0].user_ids.length).toBeGreaterThanOrEqual(2);
    }
    const one = await json(await desk.api('/groups/2?expand=true', { as: lonelyAgent }));
    expect(one.users).toEqual(expect.arrayContaining(['agent@example.org', 'admin@example.org']));
    expect(one.created_by).toBe('-');
  });

  it('gives customers reduced groups, limited by customer_ticket_create_group_ids and own tickets', async () => {
    const all = await json(await desk.api('/groups?expand=true', { as: 'customer' }));
    const activeIds = (
      await desk.db.query<{ id: number }>('SELECT id FROM groups WHERE active ORDER BY id')
    ).map((g) => g.id);
    expect(all.map((g: { id: number }) => g.id)).toEqual(activeIds); // an empty setting allows every group
    expect(Object.keys(all[0]).sort()).toEqual(CUSTOMER_GROUP_KEYS);

    const extra = await created(await send('POST', '/groups', 'admin', { name: 'Back Office' }));
    await desk.db.query(`UPDATE settings SET value = '[2]' WHERE name = 'customer_ticket_create_group_ids'`);
    try {
      // the demo customer has tickets in both seeded groups; Bea has none
      const mine = await json(await desk.api('/groups', { as: 'customer' }));
      expect(mine.map((g: { id: number }) => g.id)).toEqual([1, 2]);
      const bea = await json(await desk.api('/groups', { as: customerB }));
      expect(bea.map((g: { id: number }) => g.id)).toEqual([2]);
      const denied = await desk.api(`/groups/${extra.id}`, { as: 'customer' });
      expect(denied.status).toBe(403);
      expect((await json(denied)).error).toBe('Not authorized');
      expect((await desk.api('/groups/1', { as: customerB })).status).toBe(403);
      const ok = await json(await desk.api('/groups/2', { as: customerB }));
      expect(Object.keys(ok).sort()).toEqual(CUSTOMER_GROUP_KEYS);
      // agents are not limited by the setting
      const agent = await json(await desk.api('/groups', { as: lonelyAgent }));
      expect(agent.map((g: { id: number }) => g.id)).toContain(extra.id);
    } finally {
      await desk.db.query(`UPDATE settings SET value = '[]' WHERE name = 'customer_ticket_create_group_ids'`);
    }
  });

  it('creates sub-groups named by path, with parent_id and name_last', async () => {
    const parent = await created(await send('POST', '/groups', 'admin', { name: 'Sales', note: 'n' }));
    const child = await created(
      await send('POST', '/groups?expand=true', 'admin', { name: 'Sales::Europe' }),
    );
    expect(child).toMatchObject({
      name: 'Sales::Europe',
      name_last: 'Europe',
      parent_id: parent.id,
      parent: 'Sales',
    });
    const grandchild = await created(
      await send('POST', '/groups', 'admin', { name_last: 'South', parent_id: child.id }),
    );
    expect(grandchild.name).toBe('Sales::Europe::South');

    // renaming the parent renames the path of every sub-group
    const renamed = await send('PUT', `/groups/${parent.id}`, 'admin', { name: 'Sales Team' });
    expect(renamed.status).toBe(200);
    expect((await json(renamed)).name_last).toBe('Sales Team');
    const g = await json(await desk.api(`/groups/${grandchild.id}`, { as: 'admin' }));
    expect(g.name).toBe('Sales Team::Europe::South');

    const orphan = await send('POST', '/groups', 'admin', { name: 'Nowhere::Child' });
    expect(orphan.status).toBe(422);
    expect((await json(orphan)).error).toBe('No lookup value found for \'parent\': "Nowhere"');
    const badParent = await send('POST', '/groups', 'admin', { name: 'X', parent_id: 9999 });
    expect((await json(badParent)).error).toBe("Invalid value for param 'parent_id': 9999");
    const missing = await send('POST', '/groups', 'admin', { note: 'no name' });
    expect(missing.status).toBe(422);
    const dup = await send('POST', '/groups', 'admin', { name: 'Users' });
    expect(dup.status).toBe(422);
    expect((await json(dup)).error).toBe('This object already exists.');
  });

  it('updates with user_ids, and deletes only unreferenced groups', async () => {
    const agentId = (await json(await desk.api('/users/me', { as: lonelyAgent }))).id;
    const g = await created(await send('POST', '/groups', 'admin', { name: 'Temp', user_ids: [agentId] }));
    expect(g.user_ids).toEqual([agentId]);
    const me = await json(await desk.api('/users/me', { as: lonelyAgent }));
    expect(me.group_ids[String(g.id)]).toEqual(['full']);
    const upd = await json(await send('PUT', `/groups/${g.id}`, 'admin', { active: false, user_ids: [] }));
    expect(upd.active).toBe(false);
    expect(upd.user_ids).toEqual([]);
    const del = await desk.api(`/groups/${g.id}`, { as: 'admin', method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await json(del)).toEqual({});
    const used = await desk.api('/groups/1', { as: 'admin', method: 'DELETE' });
    expect(used.status).toBe(422);
    expect((await json(used)).error).toBe("Can't delete, object has references.");
    expect((await desk.api('/groups/9999', { as: 'admin', method: 'DELETE' })).status).toBe(404);
  });

  it('refuses writes without admin.group (403 User authorization failed.)', async () => {
    for (const as of ['agent', lonelyAgent, 'customer', customerB] as Credentials[]) {
      const post = await send('POST', '/groups', as, { name: 'Nope' });
      expect(post.status).toBe(403);
      expect((await json(post)).error).toBe('User authorization failed.');
      expect((await send('PUT', '/groups/1', as, { name: 'Hacked' })).status).toBe(403);
      expect((await desk.api('/groups/2', { as, method: 'DELETE' })).status).toBe(403);
    }
    expect((await json(await desk.api('/groups/1', { as: 'admin' }))).name).toBe('Users');
  });

  it('answers full=true with record_ids and assets, and 404 for unknown ids', async () => {
    const full = await json(await desk.api('/groups?full=true', { as: 'agent' }));
    expect(full.record_ids.slice(0, 2)).toEqual([1, 2]);
    expect(full.assets.Group['1'].name).toBe('Users');
    expect(full.total_count).toBe(full.record_ids.length);
    const missing = await desk.api('/groups/9999', { as: 'agent' });
    expect(missing.status).toBe(404);
    expect((await json(missing)).error).toBe("Couldn't find Group with 'id'=9999");
  });
});

describe('roles', () => {
  it('lists roles in full for agents and admins, expand adds permission names and groups', async () => {
    for (const as of ['admin', 'agent', lonelyAgent] as Credentials[]) {
      const list = await json(await desk.api('/roles?expand=true', { as }));
      // Zammad's three, the EOSC reporting roles (migration 0014), community admins (0022).
      expect(list.map((r: { name: string }) => r.name)).toEqual([
        'Admin',
        'Agent',
        'Customer',
        'Manager',
        'Unit Lead',
        'Community Admin',
      ]);
      expect(list[3].permissions).toEqual(expect.arrayContaining(['report']));
      expect(list[4].permissions).toEqual(expect.arrayContaining(['report.eosc_unit_lead']));
      expect(list[2].default_at_signup).toBe(true);
      expect(list[1].permissions).toEqual(
        expect.arrayContaining([
          'ticket.agent',
          'chat.agent',
          'cti.agent',
          'knowledge_base.reader',
          'user_preferences',
        ]),
      );
      expect(list[1].permission_ids).toHaveLength(5);
      expect(list[1].group_ids).toEqual({});
      expect(list[1].groups).toEqual({});
      expect(list[1].knowledge_base_permission_ids).toEqual([]);
    }
  });

  it('reduces roles for customers and hides names as Role_<id>', async () => {
    const list = await json(await desk.api('/roles?expand=true', { as: 'customer' }));
    expect(list.map((r: { name: string }) => r.name)).toEqual([
      'Role_1',
      'Role_2',
      'Role_3',
      'Role_4',
      'Role_5',
      'Role_6',
    ]);
    expect(Object.keys(list[0]).sort()).toEqual(['active', 'group_ids', 'id', 'name', 'permission_ids']);
    const one = await json(await desk.api('/roles/2', { as: customerB }));
    expect(one.name).toBe('Role_2');
    expect(one.note).toBeUndefined();
  });

  it('creates and updates roles with permissions and group access by name (admin.role)', async () => {
    const role = await created(
      await send('POST', '/roles?expand=true', 'admin', {
        name: 'Triage',
        permissions: ['ticket.agent'],
        groups: { 'First-Line Support': ['read', 'change'] },
        note: 'triage team',
      }),
    );
    expect(role.permissions).toEqual(['ticket.agent']);
    expect(role.group_ids).toEqual({ '2': ['change', 'read'] });
    expect(role.groups).toEqual({ 'First-Line Support': ['change', 'read'] });

    // group access through a role reaches the user holding it
    const user = await created(
      await send('POST', '/users', 'admin', {
        email: 'triage@example.org',
        firstname: 'T',
        password: 'triage-secret-pass',
        roles: ['Triage'],
      }),
    );
    expect(user.role_ids).toEqual([role.id]);
    const tickets = await desk.api('/tickets', {
      as: { basic: ['triage@example.org', 'triage-secret-pass'] },
    });
    expect(tickets.status).toBe(200);
    const groups = new Set((await json(tickets)).map((t: { group_id: number }) => t.group_id));
    expect([...groups]).toEqual([2]);

    const upd = await send('PUT', `/roles/${role.id}`, 'admin', {
      permission_ids: [],
      group_ids: { '1': 'full' },
    });
    expect(upd.status).toBe(200);
    const u = await json(upd);
    expect(u.permission_ids).toEqual([]);
    expect(u.group_ids).toEqual({ '1': ['full'] });
    expect(u.note).toBe('triage team');

    const badPerm = await send('POST', '/roles', 'admin', { name: 'Bad', permissions: ['no.such'] });
    expect(badPerm.status).toBe(422);
    expect((await json(badPerm)).error).toBe('No lookup value found for \'permissions\': "no.such"');
    const dup = await send('POST', '/roles', 'admin', { name: 'Agent' });
    expect(dup.status).toBe(422);
    expect((await send('PUT', '/roles/9999', 'admin', { name: 'x' })).status).toBe(404);
  });

  it('has no DELETE route (JSON 404), and refuses writes without admin.role', async () => {
    const del = await desk.api('/roles/3', { as: 'admin', method: 'DELETE' });
    expect(del.status).toBe(404);
    expect(await json(del)).toEqual({ error: 'No route matches [DELETE] /api/v1/roles/3' });
    for (const as of ['agent', lonelyAgent, 'customer', customerB] as Credentials[]) {
      const post = await send('POST', '/roles', as, { name: 'Mine' });
      expect(post.status).toBe(403);
      expect((await json(post)).error).toBe('User authorization failed.');
      expect((await send('PUT', '/roles/2', as, { name: 'Hacked' })).status).toBe(403);
    }
    expect((await json(await desk.api('/roles/2', { as: 'admin' }))).name).toBe('Agent');
  });

  it('answers full=true with assets holding the roles and their groups', async () => {
    const res = await send('POST', '/roles', 'admin', { name: 'With Group', groups: { Users: 'read' } });
    const role = await created(res);
    const body = await json(await desk.api(`/roles/${role.id}?full=true`, { as: 'agent' }));
    expect(body.id).toBe(role.id);
    expect(body.assets.Role[String(role.id)].name).toBe('With Group');
    expect(body.assets.Group['1'].name).toBe('Users');
  });
});
