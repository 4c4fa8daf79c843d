import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, json, type RunningDesk, startDesk } from './harness.ts';

let desk: RunningDesk;
let other: { id: number };
let customerBId = 0;
let customerId = 0;
const customerB: Credentials = { basic: ['bea@other.example', 'bea-secret-pass'] };
const orphan: Credentials = { basic: ['orphan@example.net', 'orphan-secret-pass'] };
const lonelyAgent: Credentials = { basic: ['lonely@example.org', 'lonely-secret-pass'] };

const send = (method: string, path: string, as: Credentials, body: unknown) =>
  desk.api(path, { as, method, body: JSON.stringify(body) });

async function created(res: Response) {
  expect(res.status).toBe(201);
  return json(res);
}

beforeAll(async () => {
  desk = await startDesk();
  customerId = (await json(await desk.api('/users/me', { as: 'customer' }))).id;
  other = await created(
    await send('POST', '/organizations', 'admin', { name: 'Other Institute', shared: false }),
  );
  customerBId = (
    await created(
      await send('POST', '/users', 'admin', {
        email: 'bea@other.example',
        firstname: 'Bea',
        password: 'bea-secret-pass',
        organization: 'Other Institute',
      }),
    )
  ).id;
  await created(
    await send('POST', '/users', 'admin', {
      email: 'orphan@example.net',
      firstname: 'O',
      password: 'orphan-secret-pass',
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

describe('GET /organizations', () => {
  it('lists every organization for agents (with or without group access) and admins', async () => {
    for (const as of ['admin', 'agent', lonelyAgent] as Credentials[]) {
      const list = await json(await desk.api('/organizations', { as }));
      expect(list.map((o: { name: string }) => o.name)).toEqual(['Demo University', 'Other Institute']);
      expect(list[0]).toMatchObject({ id: 1, shared: true, domain: 'example.org', vip: false });
      expect(list[0].member_ids).toContain(customerId);
      expect(list[0].secondary_member_ids).toEqual([]);
    }
  });

  it('gives customers only their own organizations, reduced to id, name and active', async () => {
    const mine = await json(await desk.api('/organizations?expand=true', { as: 'customer' }));
    expect(mine).toEqual([{ id: 1, name: 'Demo University', active: true }]);
    const theirs = await json(await desk.api('/organizations', { as: customerB }));
    expect(theirs).toEqual([{ id: other.id, name: 'Other Institute', active: true }]);
    const none = await desk.api('/organizations', { as: orphan });
    expect(none.status).toBe(200);
    expect(await json(none)).toEqual([]);
  });

  it('adds member logins with expand, and {record_ids, assets, total_count} with full', async () => {
    const list = await json(await desk.api('/organizations?expand=true', { as: 'agent' }));
    expect(list[0].members).toContain('customer@example.org');
    expect(list[0].created_by).toBe('-');
    const full = await json(await desk.api('/organizations?full=true&per_page=1&page=2', { as: 'agent' }));
    expect(full.record_ids).toEqual([other.id]);
    expect(full.total_count).toBe(2);
    expect(full.assets.Organization[String(other.id)].name).toBe('Other Institute');
  });

  it('sorts by a validated column', async () => {
    const desc = await json(await desk.api('/organizations?sort_by=name&order_by=desc', { as: 'agent' }));
    expect(desc.map((o: { name: string }) => o.name)).toEqual(['Other Institute', 'Demo University']);
    const bad = await desk.api('/organizations?sort_by=secret', { as: 'agent' });
    expect(bad.status).toBe(422);
    expect((await json(bad)).error).toBe("Invalid sort_by column 'secret'");
  });
});

describe('GET /organizations/:id', () => {
  it('shows the full record to agents and the reduced one to member customers', async () => {
    const full = await json(await desk.api('/organizations/1', { as: lonelyAgent }));
    expect(full.note).toBe('A demo research organisation.');
    expect(full.member_ids).toContain(customerId);
    const reduced = await json(await desk.api('/organizations/1?expand=true', { as: 'customer' }));
    expect(reduced).toEqual({ id: 1, name: 'Demo University', active: true });
  });

  it('refuses a non-member customer (403), gives {} to a customer without organization, 404 when missing', async () => {
    const denied = await desk.api(`/organizations/${other.id}`, { as: 'customer' });
    expect(denied.status).toBe(403);
    expect((await json(denied)).error).toBe('Not authorized');
    const deniedB = await desk.api('/organizations/1', { as: customerB });
    expect(deniedB.status).toBe(403);
    const empty = await desk.api('/organizations/1', { as: orphan });
    expect(empty.status).toBe(200);
    expect(await json(empty)).toEqual({});
    const missing = await desk.api('/organizations/9999', { as: 'agent' });
    expect(missing.status).toBe(404);
    expect((await json(missing)).error).toBe("Couldn't find Organization with 'id'=9999");
  });

  it('answers full=true with {id, assets}', async () => {
    const body = await json(await desk.api('/organizations/1?full=true', { as: 'agent' }));
    expect(body.id).toBe(1);
    expect(body.assets.Organization['1'].name).toBe('Demo University');
  });

  it('treats secondary organizations as membership', async () => {
    const res = await send('PUT', `/users/${customerBId}`, 'admin', { organization_ids: [1] });
    expect(res.status).toBe(200);
    expect((await json(res)).organization_ids).toEqual([1]);
    const list = await json(await desk.api('/organizations', { as: customerB }));
    expect(list.map((o: { id: number }) => o.id)).toEqual([1, other.id]);
    expect((await desk.api('/organizations/1', { as: customerB })).status).toBe(200);
    const org = await json(await desk.api('/organizations/1', { as: 'agent' }));
    expect(org.secondary_member_ids).toEqual([customerBId]);
    expect((await send('PUT', `/users/${customerBId}`, 'admin', { organization_ids: [] })).status).toBe(200);
  });
});

describe('POST/PUT/DELETE /organizations', () => {
  it('lets agents create (201, shared by default) with members by id', async () => {
    const orphanId = (await json(await desk.api('/users/me', { as: orphan }))).id;
    const org = await created(
      await send('POST', '/organizations?expand=true', lonelyAgent, {
        name: 'New Lab',
        note: 'lab',
        member_ids: [orphanId],
        id: 4242,
        updated_at: '2000-01-01T00:00:00Z',
      }),
    );
    expect(org.id).not.toBe(4242);
    expect(org.shared).toBe(true);
    expect(org.member_ids).toEqual([orphanId]);
    expect(org.members).toEqual(['orphan@example.net']);
    expect(org.updated_at).not.toBe('2000-01-01T00:00:00.000Z');
    const me = await json(await desk.api('/users/me', { as: orphan }));
    expect(me.organization_id).toBe(org.id);

    const updated = await send('PUT', `/organizations/${org.id}`, 'agent', { vip: true, member_ids: [] });
    expect(updated.status).toBe(200);
    const u = await json(updated);
    expect(u.vip).toBe(true);
    expect(u.member_ids).toEqual([]);
    expect(u.note).toBe('lab');

    const del = await desk.api(`/organizations/${org.id}`, { as: 'agent', method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await json(del)).toEqual({});
    expect((await desk.api(`/organizations/${org.id}`, { as: 'agent' })).status).toBe(404);
  });

  it('rejects a duplicate or missing name (422)', async () => {
    const dup = await send('POST', '/organizations', 'admin', { name: 'demo university' });
    expect(dup.status).toBe(422);
    expect((await json(dup)).error).toBe('This object already exists.');
    const missing = await send('POST', '/organizations', 'admin', { note: 'x' });
    expect(missing.status).toBe(422);
    const unknownMember = await send('POST', '/organizations', 'admin', { name: 'X', member_ids: [99999] });
    expect(unknownMember.status).toBe(422);
    expect((await json(unknownMember)).error).toBe("No value found for 'members' with id 99999");
    expect(await desk.db.query("SELECT 1 FROM organizations WHERE name = 'X'")).toHaveLength(0);
  });

  it('refuses deleting an organization with members or tickets (422)', async () => {
    const res = await desk.api('/organizations/1', { as: 'admin', method: 'DELETE' });
    expect(res.status).toBe(422);
    expect((await json(res)).error).toBe("Can't delete, object has references.");
  });

  it('refuses customers every write (403 User authorization failed.)', async () => {
    for (const as of ['customer', customerB, orphan] as Credentials[]) {
      const post = await send('POST', '/organizations', as, { name: 'Mine' });
      expect(post.status).toBe(403);
      expect((await json(post)).error).toBe('User authorization failed.');
      expect((await send('PUT', '/organizations/1', as, { name: 'Hacked' })).status).toBe(403);
      expect((await desk.api(`/organizations/${other.id}`, { as, method: 'DELETE' })).status).toBe(403);
    }
    const org = await json(await desk.api('/organizations/1', { as: 'agent' }));
    expect(org.name).toBe('Demo University');
  });

  it('answers 404 on PUT/DELETE of a missing organization', async () => {
    expect((await send('PUT', '/organizations/9999', 'agent', { name: 'x' })).status).toBe(404);
    expect((await desk.api('/organizations/9999', { as: 'agent', method: 'DELETE' })).status).toBe(404);
  });
});
