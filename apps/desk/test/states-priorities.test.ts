import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, json, type RunningDesk, startDesk } from './harness.ts';

let desk: RunningDesk;
const lonelyAgent: Credentials = { basic: ['lonely@example.org', 'lonely-secret-pass'] };
const stateAdmin: Credentials = { basic: ['states@example.org', 'states-secret-pass'] };

const send = (method: string, path: string, as: Credentials, body: unknown) =>
  desk.api(path, { as, method, body: JSON.stringify(body) });

async function created(res: Response) {
  expect(res.status).toBe(201);
  return json(res);
}

beforeAll(async () => {
  desk = await startDesk();
  await created(
    await send('POST', '/users', 'admin', {
      email: 'lonely@example.org',
      firstname: 'Lonely',
      password: 'lonely-secret-pass',
      roles: ['Agent'],
    }),
  );
  // An admin for states and priorities only (no ticket access at all).
  await created(
    await send('POST', '/roles', 'admin', {
      name: 'Lookup Admin',
      permissions: ['admin.ticket_state', 'admin.ticket_priority'],
    }),
  );
  await created(
    await send('POST', '/users', 'admin', {
      email: 'states@example.org',
      firstname: 'S',
      password: 'states-secret-pass',
      roles: ['Lookup Admin'],
    }),
  );
});
afterAll(async () => {
  await desk?.close();
});

describe('ticket states', () => {
  it('lists the seeds for agents and customers, with state type names on expand', async () => {
    for (const as of ['agent', 'customer', lonelyAgent] as Credentials[]) {
      const list = await json(await desk.api('/ticket_states?expand=true', { as }));
      const byName = Object.fromEntries(list.map((s: { name: string }) => [s.name, s]));
      expect(Object.keys(byName)).toEqual([
        'new',
        'open',
        'pending reminder',
        'closed',
        'merged',
        'pending close',
        // Issue 16: a request forwarded to a provider's mailing list waits here (type open).
        'waiting for provider',
      ]);
      expect(byName['waiting for provider']).toMatchObject({ state_type: 'open' });
      expect(byName.new).toMatchObject({ default_create: true, state_type: 'new' });
      expect(byName.open.default_follow_up).toBe(true);
      expect(byName['pending close']).toMatchObject({ state_type: 'pending action', next_state: 'closed' });
      expect(byName['pending close'].next_state_id).toBe(byName.closed.id);
    }
  });

  it('shows one state, 404 for unknown ids, full shapes', async () => {
    const one = await json(await desk.api('/ticket_states/2', { as: 'customer' }));
    expect(Object.keys(one).sort()).toEqual(
      [
        'active',
        'created_at',
        'created_by_id',
        'default_create',
        'default_follow_up',
        'id',
        'ignore_escalation',
        'name',
        'next_state_id',
        'note',
        'state_type_id',
        'updated_at',
        'updated_by_id',
      ].sort(),
    );
    const missing = await desk.api('/ticket_states/999', { as: 'agent' });
    expect(missing.status).toBe(404);
    expect((await json(missing)).error).toBe("Couldn't find Ticket::State with 'id'=999");
    const full = await json(await desk.api('/ticket_states?full=true', { as: 'agent' }));
    expect(full.record_ids).toHaveLength(7);
    expect(full.total_count).toBe(7);
    expect(full.assets.TicketState['1'].name).toBe('new');
    const single = await json(await desk.api('/ticket_states/4?full=true', { as: 'agent' }));
    expect(single).toEqual({
      id: 4,
      assets: { TicketState: { '4': expect.objectContaining({ name: 'closed' }) } },
    });
  });

  it('sorts by name, and masks a bad sort column for non-admins', async () => {
    const list = await json(await desk.api('/ticket_states?sort_by=name&order_by=asc', { as: 'agent' }));
    const names = list.map((s: { name: string }) => s.name);
    expect(names).toEqual([...names].sort());
    const bad = await desk.api('/ticket_states?sort_by=bogus', { as: 'customer' });
    expect(bad.status).toBe(422);
    expect((await json(bad)).error).toBe("Invalid sort_by column 'bogus'");
  });

  it('lets admin.ticket_state create, update and delete; state types go by name', async () => {
    const state = await created(
      await send('POST', '/ticket_states?expand=true', stateAdmin, {
        name: 'waiting for vendor',
        state_type: 'pending reminder',
        ignore_escalation: true,
      }),
    );
    expect(state).toMatchObject({
      name: 'waiting for vendor',
      state_type: 'pending reminder',
      ignore_escalation: true,
    });
    const upd = await json(
      await send('PUT', `/ticket_states/${state.id}`, 'admin', { default_create: true }),
    );
    expect(upd.default_create).toBe(true);
    // only one default_create state
    const list = await json(await desk.api('/ticket_states', { as: 'agent' }));
    expect(
      list.filter((s: { default_create: boolean }) => s.default_create).map((s: { id: number }) => s.id),
    ).toEqual([state.id]);
    expect((await send('PUT', '/ticket_states/1', 'admin', { default_create: true })).status).toBe(200);
    const del = await desk.api(`/ticket_states/${state.id}`, { as: stateAdmin, method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await json(del)).toEqual({});

    const badType = await send('POST', '/ticket_states', 'admin', { name: 'x', state_type: 'nope' });
    expect(badType.status).toBe(422);
    expect((await json(badType)).error).toBe('No lookup value found for \'state_type\': "nope"');
    const noType = await send('POST', '/ticket_states', 'admin', { name: 'x' });
    expect(noType.status).toBe(422);
    expect((await json(noType)).error).toBe("Attribute 'state_type_id' required!");
  });

  it('refuses deleting a state in use (422) or referenced as next state', async () => {
    const used = await desk.api('/ticket_states/1', { as: 'admin', method: 'DELETE' });
    expect(used.status).toBe(422);
    expect(await json(used)).toEqual({
      error: "Can't delete, object has references.",
      error_human: "Can't delete, object has references.",
    });
    const next = await desk.api('/ticket_states/4', { as: 'admin', method: 'DELETE' });
    expect(next.status).toBe(422);
    expect((await desk.api('/ticket_states/999', { as: 'admin', method: 'DELETE' })).status).toBe(404);
  });

  it('refuses writes without admin.ticket_state (403)', async () => {
    for (const as of ['agent', lonelyAgent, 'customer'] as Credentials[]) {
      const post = await send('POST', '/ticket_states', as, { name: 'x', state_type_id: 1 });
      expect(post.status).toBe(403);
      expect((await json(post)).error).toBe('User authorization failed.');
      expect((await send('PUT', '/ticket_states/2', as, { name: 'Hacked' })).status).toBe(403);
      expect((await desk.api('/ticket_states/5', { as, method: 'DELETE' })).status).toBe(403);
    }
  });
});

describe('ticket priorities', () => {
  it('lists and shows priorities for agents, customers and the lookup admin', async () => {
    for (const as of ['agent', 'customer', stateAdmin] as Credentials[]) {
      const res = await desk.api('/ticket_priorities', { as });
      expect(res.status).toBe(200);
      const list = await json(res);
      // Zammad's three, and the EOSC QoS "top priority" the demo's service levels add.
      expect(list.map((p: { name: string }) => p.name)).toEqual([
        '1 low',
        '2 normal',
        '3 high',
        '4 top priority',
      ]);
      expect(list[1].default_create).toBe(true);
      expect(list[2]).toMatchObject({ ui_icon: 'important', ui_color: 'high-priority' });
    }
    const one = await json(await desk.api('/ticket_priorities/3?expand=true', { as: 'agent' }));
    expect(one).toMatchObject({ id: 3, name: '3 high', created_by: '-', updated_by: '-' });
    expect((await desk.api('/ticket_priorities/99', { as: 'agent' })).status).toBe(404);
  });

  it('creates, updates and deletes with admin.ticket_priority; refuses deleting one in use', async () => {
    const p = await created(
      await send('POST', '/ticket_priorities', stateAdmin, { name: '4 urgent', ui_color: 'red' }),
    );
    expect(p).toMatchObject({ name: '4 urgent', ui_color: 'red', active: true, default_create: false });
    const upd = await json(await send('PUT', `/ticket_priorities/${p.id}`, 'admin', { active: false }));
    expect(upd.active).toBe(false);
    expect(upd.ui_color).toBe('red');
    expect((await desk.api(`/ticket_priorities/${p.id}`, { as: 'admin', method: 'DELETE' })).status).toBe(
      200,
    );
    const used = await desk.api('/ticket_priorities/2', { as: 'admin', method: 'DELETE' });
    expect(used.status).toBe(422);
    expect((await json(used)).error).toBe("Can't delete, object has references.");
    const dup = await send('POST', '/ticket_priorities', 'admin', { name: '2 normal' });
    expect(dup.status).toBe(422);
    expect((await json(dup)).error).toBe('This object already exists.');
  });

  it('refuses writes without admin.ticket_priority (403)', async () => {
    for (const as of ['agent', lonelyAgent, 'customer'] as Credentials[]) {
      expect((await send('POST', '/ticket_priorities', as, { name: 'x' })).status).toBe(403);
      expect((await send('PUT', '/ticket_priorities/1', as, { name: 'x' })).status).toBe(403);
      expect((await desk.api('/ticket_priorities/1', { as, method: 'DELETE' })).status).toBe(403);
    }
    const one = await json(await desk.api('/ticket_priorities/1', { as: 'agent' }));
    expect(one.name).toBe('1 low');
  });
});
