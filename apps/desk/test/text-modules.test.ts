import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, type Json, makeGroup, makeUser, type TestUser } from './ticket-fixtures.ts';

let desk: RunningDesk;
let groupG: number;
let member: TestUser; // full on G
let reader: TestUser; // read on G only
let outsider: TestUser; // agent without groups
let restricted: Json; // module limited to G

const ids = (list: Json[]) => list.map((m) => m.id);

beforeAll(async () => {
  desk = await startDesk();
  groupG = await makeGroup(desk);
  member = await makeUser(desk, { roles: ['Agent'], groups: { [groupG]: ['full'] } });
  reader = await makeUser(desk, { roles: ['Agent'], groups: { [groupG]: ['read'] } });
  outsider = await makeUser(desk, { roles: ['Agent'] });
});
afterAll(async () => {
  await desk?.close();
});

describe('/text_modules', () => {
  it('the demo seed has EOSC support modules; agents list them with group_ids', async () => {
    const r = await call(desk, 'agent', 'GET', '/text_modules');
    expect(r.status).toBe(200);
    const names = r.body.map((m: Json) => m.name);
    for (const n of ['Greeting', 'Ask for details', 'Closing', 'Escalation to second line'])
      expect(names).toContain(n);
    const greeting = r.body.find((m: Json) => m.name === 'Greeting');
    for (const k of [
      'id',
      'name',
      'keywords',
      'content',
      'note',
      'active',
      'group_ids',
      'created_at',
      'updated_at',
    ])
      expect(greeting).toHaveProperty(k);
    expect(greeting.group_ids).toEqual([]);
    const escalation = r.body.find((m: Json) => m.name === 'Escalation to second line');
    expect(escalation.group_ids).toHaveLength(1);
  });

  it('admin creates a module limited to a group; content and note are sanitised', async () => {
    const r = await call(desk, 'admin', 'POST', '/text_modules', {
      name: 'G only',
      keywords: 'gonly',
      content: '<p>Wire & cable</p><script>alert(1)</script><img src=x onerror="alert(2)">',
      note: 'internal <b>note</b><iframe src="x"></iframe>',
      group_ids: [groupG],
    });
    expect(r.status).toBe(201);
    restricted = r.body;
    expect(restricted.group_ids).toEqual([groupG]);
    expect(restricted.content).toContain('Wire &amp; cable');
    expect(restricted.content).not.toMatch(/script|onerror/);
    expect(restricted.note).not.toContain('iframe');
    expect(restricted.active).toBe(true);
  });

  it('agents see modules of groups they may reply in; show needs read; others get 403', async () => {
    expect(ids((await call(desk, member.as, 'GET', '/text_modules')).body)).toContain(restricted.id);
    expect(ids((await call(desk, outsider.as, 'GET', '/text_modules')).body)).not.toContain(restricted.id);
    // read-only: not offered in the composer list, but readable by id (TextModulePolicy#show?)
    expect(ids((await call(desk, reader.as, 'GET', '/text_modules')).body)).not.toContain(restricted.id);
    expect((await call(desk, reader.as, 'GET', `/text_modules/${restricted.id}`)).status).toBe(200);
    expect((await call(desk, member.as, 'GET', `/text_modules/${restricted.id}`)).status).toBe(200);
    const denied = await call(desk, outsider.as, 'GET', `/text_modules/${restricted.id}`);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('Not authorized');
    // modules without groups are for every agent
    const greeting = (await call(desk, outsider.as, 'GET', '/text_modules')).body.find(
      (m: Json) => m.name === 'Greeting',
    );
    expect(greeting).toBeDefined();
    // admins see everything
    expect(ids((await call(desk, 'admin', 'GET', '/text_modules')).body)).toContain(restricted.id);
  });

  it('customers and anonymous callers are refused', async () => {
    const c = await call(desk, 'customer', 'GET', '/text_modules');
    expect(c.status).toBe(403);
    expect(c.body.error).toBe('User authorization failed.');
    expect((await call(desk, 'none', 'GET', '/text_modules')).status).toBe(403);
  });

  it('search matches name, keywords and content within the caller’s scope', async () => {
    const hit = await call(desk, member.as, 'GET', '/text_modules/search?query=gonly');
    expect(ids(hit.body)).toEqual([restricted.id]);
    expect((await call(desk, outsider.as, 'GET', '/text_modules/search?query=gonly')).body).toEqual([]);
    const byContent = await call(desk, 'agent', 'GET', '/text_modules/search?query=second-line');
    expect(byContent.body.map((m: Json) => m.name)).toContain('Escalation to second line');
  });

  it('writes need admin.text_module; validation and 404s', async () => {
    expect((await call(desk, 'agent', 'POST', '/text_modules', { name: 'x', content: 'y' })).status).toBe(
      403,
    );
    expect((await call(desk, 'agent', 'PUT', `/text_modules/${restricted.id}`, { name: 'x' })).status).toBe(
      403,
    );
    expect((await call(desk, 'agent', 'DELETE', `/text_modules/${restricted.id}`)).status).toBe(403);
    expect((await call(desk, 'admin', 'POST', '/text_modules', { content: 'y' })).status).toBe(422);
    expect((await call(desk, 'admin', 'POST', '/text_modules', { name: 'x' })).status).toBe(422);
    expect(
      (await call(desk, 'admin', 'POST', '/text_modules', { name: 'x', content: 'y', group_ids: [9999] }))
        .status,
    ).toBe(422);
    expect((await call(desk, 'admin', 'GET', '/text_modules/999999')).status).toBe(404);
    expect((await call(desk, 'admin', 'DELETE', '/text_modules/999999')).status).toBe(404);
  });

  it('admin updates (groups cleared → visible to all agents) and deletes', async () => {
    const up = await call(desk, 'admin', 'PUT', `/text_modules/${restricted.id}`, {
      group_ids: [],
      keywords: 'changed',
    });
    expect(up.status).toBe(200);
    expect(up.body.group_ids).toEqual([]);
    expect(up.body.keywords).toBe('changed');
    expect(up.body.name).toBe('G only');
    expect(ids((await call(desk, outsider.as, 'GET', '/text_modules')).body)).toContain(restricted.id);
    const full = await call(desk, 'admin', 'GET', `/text_modules/${restricted.id}?full=true`);
    expect(full.body.assets.TextModule[String(restricted.id)].keywords).toBe('changed');
    const del = await call(desk, 'admin', 'DELETE', `/text_modules/${restricted.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({});
    expect((await call(desk, 'admin', 'GET', `/text_modules/${restricted.id}`)).status).toBe(404);
  });
});
