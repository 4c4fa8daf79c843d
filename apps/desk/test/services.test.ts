import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupForService } from '../src/domain/services.ts';
import { type Credentials, type RunningDesk, startDesk } from './harness.ts';
import { createTicket } from './ticket-fixtures.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

async function call(as: Credentials, method: string, path: string, body?: unknown) {
  const res = await desk.api(path, {
    as,
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function groupId(name: string): Promise<number> {
  const rows = await desk.db.query<{ id: number }>('SELECT id FROM groups WHERE name = $1', [name]);
  return rows[0]?.id as number;
}

async function serviceOptions(): Promise<{
  options: Record<string, string>;
  historical_options: Record<string, string>;
}> {
  const list = (await call('admin', 'GET', '/object_manager_attributes')).body;
  return list.find((a: { name: string }) => a.name === 'eosc_service').data_option;
}

describe('EOSC service catalogue', () => {
  it('lists the seeded services, each routed to its support group, to any signed-in user', async () => {
    const egi = await groupId('EGI Support');
    for (const as of ['customer', 'agent', 'admin'] as Credentials[]) {
      const res = await call(as, 'GET', '/eosc_services');
      expect(res.status).toBe(200);
      const checkIn = res.body.find((s: { key: string }) => s.key === 'egi-check-in');
      expect(checkIn).toMatchObject({
        name: 'EGI Check-in (AAI)',
        provider: 'EGI Foundation',
        group_id: egi,
        integration: 'direct',
        active: true,
      });
      expect(Object.keys(checkIn).sort()).toEqual(
        [
          'active',
          'created_at',
          'created_by_id',
          'description',
          'group_id',
          'id',
          'integration',
          'mailing_list',
          'community',
          'community_id',
          'key',
          'name',
          'provider',
          'updated_at',
          'updated_by_id',
        ].sort(),
      );
      expect(res.body.map((s: { key: string }) => s.key)).toEqual(
        expect.arrayContaining(['eosc-marketplace', 'b2share', 'b2drop', 'openaire-explore', 'zenodo']),
      );
      const one = await call(as, 'GET', `/eosc_services/${checkIn.id}`);
      expect(one.body).toEqual(checkIn);
    }
    expect((await call('none', 'GET', '/eosc_services')).status).toBe(403);
    expect((await call('admin', 'GET', '/eosc_services/999999')).status).toBe(404);
  });

  it('keeps the eosc_service attribute options in step with the catalogue', async () => {
    const list = (await call('admin', 'GET', '/eosc_services')).body as { key: string; name: string }[];
    const { options } = await serviceOptions();
    expect(options).toEqual(Object.fromEntries(list.map((s) => [s.key, s.name])));
  });

  it('lets admin.object holders create, update, deactivate and delete; others get 403', async () => {
    const body = {
      key: 'sci-notebooks',
      name: 'Science Notebooks',
      provider: 'EGI Foundation',
      group: 'EGI Support',
    };
    for (const as of ['agent', 'customer'] as Credentials[]) {
      expect((await call(as, 'POST', '/eosc_services', body)).status).toBe(403);
    }
    const created = await call('admin', 'POST', '/eosc_services', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: 'sci-notebooks',
      group_id: await groupId('EGI Support'),
      active: true,
      description: '',
    });
    expect((await serviceOptions()).options['sci-notebooks']).toBe('Science Notebooks');
    const id = created.body.id;

    expect((await call('agent', 'PUT', `/eosc_services/${id}`, { name: 'x' })).status).toBe(403);
    const renamed = await call('admin', 'PUT', `/eosc_services/${id}`, {
      name: 'EGI Notebooks',
      description: 'Jupyter in the cloud',
    });
    expect(renamed.body).toMatchObject({
      name: 'EGI Notebooks',
      description: 'Jupyter in the cloud',
      key: 'sci-notebooks',
    });
    expect((await serviceOptions()).options['sci-notebooks']).toBe('EGI Notebooks');

    const off = await call('admin', 'PUT', `/eosc_services/${id}`, { active: false });
    expect(off.body.active).toBe(false);
    expect(
      (await call('customer', 'GET', '/eosc_services')).body.some((s: { id: number }) => s.id === id),
    ).toBe(false);
    expect((await call('customer', 'GET', `/eosc_services/${id}`)).status).toBe(404);
    expect((await call('admin', 'GET', '/eosc_services')).body.some((s: { id: number }) => s.id === id)).toBe(
      true,
    );
    const opts = await serviceOptions();
    expect(opts.options['sci-notebooks']).toBeUndefined();
    expect(opts.historical_options['sci-notebooks']).toBe('EGI Notebooks');

    expect((await call('agent', 'DELETE', `/eosc_services/${id}`)).status).toBe(403);
    expect(await call('admin', 'DELETE', `/eosc_services/${id}`)).toEqual({ status: 200, body: {} });
    expect((await call('admin', 'GET', `/eosc_services/${id}`)).status).toBe(404);
  });

  it('validates: key format, duplicates, immutable key, unknown group (422)', async () => {
    const bad = [
      { key: 'Bad Key', name: 'A' },
      { key: 'ok-key', name: '' },
      { key: 'ok-key', name: 'A', group_id: 999999 },
      { key: 'ok-key', name: 'A', group: 'No such group' },
      { key: 'b2share', name: 'Another B2SHARE' },
    ];
    for (const b of bad)
      expect((await call('admin', 'POST', '/eosc_services', b)).status, JSON.stringify(b)).toBe(422);
    const b2drop = (await call('admin', 'GET', '/eosc_services')).body.find(
      (s: { key: string }) => s.key === 'b2drop',
    );
    expect((await call('admin', 'PUT', `/eosc_services/${b2drop.id}`, { key: 'b2drop-new' })).status).toBe(
      422,
    );
  });

  it('refuses to delete a service tickets refer to (422); deactivating still works', async () => {
    const zenodo = (await call('admin', 'GET', '/eosc_services')).body.find(
      (s: { key: string }) => s.key === 'zenodo',
    );
    const ticket = await createTicket(desk, 'agent', {});
    const tagged = await call('agent', 'PUT', `/tickets/${ticket.id}`, {
      eosc_service: 'zenodo',
      eosc_ticket_type: 'incident',
    });
    expect(tagged.body).toMatchObject({ eosc_service: 'zenodo', eosc_ticket_type: 'incident' });
    expect((await call('admin', 'DELETE', `/eosc_services/${zenodo.id}`)).status).toBe(422);
    expect((await call('admin', 'PUT', `/eosc_services/${zenodo.id}`, { active: false })).status).toBe(200);
  });

  it('routes a service to its group, and anything else to First-Line Support', async () => {
    expect(await groupForService(desk.db, 'b2share')).toBe(await groupId('EUDAT Support'));
    expect(await groupForService(desk.db, 'openaire-explore')).toBe(await groupId('OpenAIRE Support'));
    expect(await groupForService(desk.db, 'no-such-service')).toBe(await groupId('First-Line Support'));
    expect(await groupForService(desk.db, undefined)).toBe(await groupId('First-Line Support'));
  });

  it('gives the demo agent EGI Support but not the other provider groups', async () => {
    const me = (await call('agent', 'GET', '/users/me')).body;
    const ids = Object.keys(me.group_ids).map(Number);
    expect(ids).toContain(await groupId('EGI Support'));
    expect(ids).toContain(await groupId('First-Line Support'));
    expect(ids).not.toContain(await groupId('EUDAT Support'));
  });
});
