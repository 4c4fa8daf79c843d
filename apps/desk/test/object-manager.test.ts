import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customTicketFields, customTicketValues } from '../src/domain/custom-fields.ts';
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

async function columnExists(table: string, column: string): Promise<boolean> {
  const rows = await desk.db.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`,
    [table, column],
  );
  return rows.length > 0;
}

const selectField = (name: string) => ({
  object: 'Ticket',
  name,
  display: 'Research field',
  data_type: 'select',
  data_option: { options: { physics: 'Physics', biology: 'Biology' }, default: '' },
  screens: { create_middle: { 'ticket.customer': { shown: true, required: false } } },
  position: 600,
});

describe('object manager attributes', () => {
  it('needs admin.object: agents, customers 403 and anonymous 403', async () => {
    for (const as of ['agent', 'customer'] as Credentials[]) {
      const res = await call(as, 'GET', '/object_manager_attributes');
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('User authorization failed.');
      expect((await call(as, 'POST', '/object_manager_attributes', selectField('nope'))).status).toBe(403);
      expect((await call(as, 'POST', '/object_manager_attributes_execute_migrations')).status).toBe(403);
    }
    expect((await call('none', 'GET', '/object_manager_attributes')).status).toBe(403);
  });

  it('lists the core attributes of Ticket, User, Organization and Group, and the EOSC ones', async () => {
    const res = await call('admin', 'GET', '/object_manager_attributes');
    expect(res.status).toBe(200);
    const ticket = res.body
      .filter((a: { object: string }) => a.object === 'Ticket')
      .map((a: { name: string }) => a.name);
    expect(ticket).toEqual(
      expect.arrayContaining([
        'title',
        'group_id',
        'state_id',
        'priority_id',
        'owner_id',
        'customer_id',
        'organization_id',
      ]),
    );
    for (const object of ['User', 'Organization', 'Group'])
      expect(res.body.some((a: { object: string }) => a.object === object)).toBe(true);
    const title = res.body.find(
      (a: { object: string; name: string }) => a.object === 'Ticket' && a.name === 'title',
    );
    expect(title).toMatchObject({
      editable: false,
      deletable: false,
      to_create: false,
      to_migrate: false,
      data_type: 'input',
    });
    const type = res.body.find((a: { name: string }) => a.name === 'eosc_ticket_type');
    expect(type).toMatchObject({
      object: 'Ticket',
      data_type: 'select',
      to_create: false,
      editable: true,
      deletable: true,
    });
    expect(type.data_option.options).toEqual({ incident: 'Incident', service_request: 'Service request' });
    expect(type.screens.create_middle['ticket.customer'].required).toBe(true);
    const one = await call('admin', 'GET', `/object_manager_attributes/${type.id}`);
    expect(one.body).toEqual(type);
    expect(await columnExists('tickets', 'eosc_ticket_type')).toBe(true);
    expect(await columnExists('tickets', 'eosc_service')).toBe(true);
  });

  it('rejects unsafe, reserved, core and duplicate names (422)', async () => {
    for (const name of [
      'Bad',
      '1abc',
      'a-b',
      'x"; DROP TABLE tickets; --',
      'title',
      'group',
      'owner_id',
      'thing_ids',
      'a'.repeat(61),
      'created_at',
      'type',
    ]) {
      const res = await call('admin', 'POST', '/object_manager_attributes', selectField(name));
      expect(res.status, name).toBe(422);
    }
    expect(
      (await call('admin', 'POST', '/object_manager_attributes', selectField('eosc_service'))).status,
    ).toBe(422);
    expect(
      (
        await call('admin', 'POST', '/object_manager_attributes', {
          ...selectField('okname'),
          object: 'Planet',
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await call('admin', 'POST', '/object_manager_attributes', {
          ...selectField('okname'),
          data_type: 'blob',
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await call('admin', 'POST', '/object_manager_attributes', {
          ...selectField('okname'),
          data_option: { options: {} },
        })
      ).status,
    ).toBe(422);
  });

  it('creates a pending attribute; values are ignored until migrations run, then the column carries them', async () => {
    const created = await call('admin', 'POST', '/object_manager_attributes', selectField('research_field'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'Ticket',
      name: 'research_field',
      to_create: true,
      to_migrate: true,
      editable: true,
    });
    expect(created.body.data_option).toMatchObject({
      null: true,
      default: '',
      options: { physics: 'Physics' },
    });
    expect(await columnExists('tickets', 'research_field')).toBe(false);

    const ticket = await createTicket(desk, 'agent', {});
    const early = await call('agent', 'PUT', `/tickets/${ticket.id}`, { research_field: 'physics' });
    expect(early.status).toBe(200);
    expect(early.body.research_field).toBeUndefined();

    const run = await call('admin', 'POST', '/object_manager_attributes_execute_migrations');
    expect(run).toEqual({ status: 200, body: {} });
    expect(await columnExists('tickets', 'research_field')).toBe(true);
    const after = await call('admin', 'GET', `/object_manager_attributes/${created.body.id}`);
    expect(after.body).toMatchObject({ to_create: false, to_migrate: false });

    const set = await call('agent', 'PUT', `/tickets/${ticket.id}`, { research_field: 'biology' });
    expect(set.status).toBe(200);
    expect(set.body.research_field).toBe('biology');
    expect((await call('agent', 'GET', `/tickets/${ticket.id}`)).body.research_field).toBe('biology');
    expect(
      (await call('customer', 'GET', '/tickets')).body.every(
        (t: Record<string, unknown>) => 'research_field' in t,
      ),
    ).toBe(true);

    // The domain helpers ticket creation uses see the new field and check its options.
    const fields = await customTicketFields(desk.db);
    expect(fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['eosc_ticket_type', 'eosc_service', 'research_field']),
    );
    await expect(
      customTicketValues(
        desk.db,
        { research_field: 'chemistry' },
        { screen: 'create_middle', permission: 'ticket.customer', creating: true },
      ),
    ).rejects.toMatchObject({ status: 422 });
    expect(
      await customTicketValues(
        desk.db,
        { research_field: 'physics', other: 1 },
        { screen: 'create_middle', permission: 'ticket.customer', creating: true },
      ),
    ).toEqual({ research_field: 'physics' });
    await expect(
      customTicketValues(
        desk.db,
        {},
        { screen: 'create_middle', permission: 'ticket.customer', creating: true, enforceRequired: true },
      ),
    ).rejects.toMatchObject({ status: 422, message: "The required value 'eosc_ticket_type' is missing." });
  });

  it('adds columns of every type to the right table', async () => {
    const defs = [
      { object: 'User', name: 'orcid', data_type: 'input', data_option: { type: 'text', maxlength: 40 } },
      {
        object: 'Organization',
        name: 'ror_id_code',
        data_type: 'input',
        data_option: { type: 'url', maxlength: 200 },
      },
      {
        object: 'Group',
        name: 'service_tier',
        data_type: 'select',
        data_option: { options: { base: 'Base', medium: 'Medium', advanced: 'Advanced' } },
      },
      {
        object: 'Ticket',
        name: 'users_affected',
        data_type: 'integer',
        data_option: { min: 0, max: 1000000 },
      },
      { object: 'Ticket', name: 'security_risk', data_type: 'boolean', data_option: {} },
      { object: 'Ticket', name: 'outage_start', data_type: 'datetime', data_option: {} },
    ];
    for (const d of defs)
      expect((await call('admin', 'POST', '/object_manager_attributes', d)).status, d.name).toBe(201);
    await call('admin', 'POST', '/object_manager_attributes_execute_migrations');
    expect(await columnExists('users', 'orcid')).toBe(true);
    expect(await columnExists('organizations', 'ror_id_code')).toBe(true);
    expect(await columnExists('groups', 'service_tier')).toBe(true);
    const ticket = await createTicket(desk, 'agent', {});
    const res = await call('agent', 'PUT', `/tickets/${ticket.id}`, {
      users_affected: 60,
      security_risk: true,
    });
    expect(res.body).toMatchObject({ users_affected: 60, security_risk: true });
    const user = await call('admin', 'PUT', '/users/3', { orcid: '0000-0002-1825-0097' });
    expect(user.body.orcid).toBe('0000-0002-1825-0097');
  });

  it('discards pending changes', async () => {
    const created = await call('admin', 'POST', '/object_manager_attributes', selectField('discard_me'));
    expect(created.status).toBe(201);
    expect(await call('admin', 'POST', '/object_manager_attributes_discard_changes')).toEqual({
      status: 200,
      body: {},
    });
    expect((await call('admin', 'GET', `/object_manager_attributes/${created.body.id}`)).status).toBe(404);
    expect(await columnExists('tickets', 'discard_me')).toBe(false);
  });

  it('updates (PUT must repeat object and name) and stages option changes until migrations run', async () => {
    const created = await call('admin', 'POST', '/object_manager_attributes', selectField('campus'));
    await call('admin', 'POST', '/object_manager_attributes_execute_migrations');
    const id = created.body.id;
    expect((await call('admin', 'PUT', `/object_manager_attributes/${id}`, { display: 'x' })).status).toBe(
      422,
    );
    expect(
      (
        await call('admin', 'PUT', `/object_manager_attributes/${id}`, {
          object: 'Ticket',
          name: 'other',
          display: 'x',
        })
      ).status,
    ).toBe(422);
    const updated = await call('admin', 'PUT', `/object_manager_attributes/${id}`, {
      object: 'Ticket',
      name: 'campus',
      display: 'Campus',
      data_type: 'select',
      data_option: { options: { north: 'North' } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ display: 'Campus', to_config: true, to_migrate: true });
    expect(updated.body.data_option.options).toEqual({ physics: 'Physics', biology: 'Biology' });
    expect(updated.body.data_option_new.options).toEqual({ north: 'North' });
    await call('admin', 'POST', '/object_manager_attributes_execute_migrations');
    const after = await call('admin', 'GET', `/object_manager_attributes/${id}`);
    expect(after.body).toMatchObject({
      to_config: false,
      data_option: { options: { north: 'North' } },
      data_option_new: {},
    });
    const core = (await call('admin', 'GET', '/object_manager_attributes')).body.find(
      (a: { object: string; name: string }) => a.object === 'Ticket' && a.name === 'title',
    );
    expect(
      (
        await call('admin', 'PUT', `/object_manager_attributes/${core.id}`, {
          object: 'Ticket',
          name: 'title',
          display: 'x',
        })
      ).status,
    ).toBe(422);
    expect((await call('admin', 'DELETE', `/object_manager_attributes/${core.id}`)).status).toBe(422);
    expect(
      (await call('admin', 'PUT', '/object_manager_attributes/999999', { object: 'Ticket', name: 'x' }))
        .status,
    ).toBe(422);
  });

  it('deletes: the column goes when migrations run', async () => {
    const created = await call('admin', 'POST', '/object_manager_attributes', selectField('drop_me'));
    await call('admin', 'POST', '/object_manager_attributes_execute_migrations');
    expect(await columnExists('tickets', 'drop_me')).toBe(true);
    expect(await call('admin', 'DELETE', `/object_manager_attributes/${created.body.id}`)).toEqual({
      status: 200,
      body: {},
    });
    expect((await call('admin', 'GET', `/object_manager_attributes/${created.body.id}`)).body).toMatchObject({
      to_delete: true,
    });
    expect(await columnExists('tickets', 'drop_me')).toBe(true);
    await call('admin', 'POST', '/object_manager_attributes_execute_migrations');
    expect(await columnExists('tickets', 'drop_me')).toBe(false);
    expect((await call('admin', 'GET', `/object_manager_attributes/${created.body.id}`)).status).toBe(404);
  });
});
