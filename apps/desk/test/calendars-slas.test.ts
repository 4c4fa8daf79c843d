import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, type Json } from './ticket-fixtures.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

const WEEK = {
  mon: {
    active: true,
    timeframes: [
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ],
  },
  tue: { active: true, timeframes: [['08:00', '17:00']] },
  wed: { active: false, timeframes: [] },
};

describe('calendars', () => {
  it("creates, shows, updates and deletes with Zammad's shapes (admin.calendar)", async () => {
    const created = await call(desk, 'admin', 'POST', '/calendars', {
      name: ' Vienna office ',
      timezone: 'Europe/Vienna',
      business_hours: WEEK,
      public_holidays: { '2027-12-24': { active: true, summary: 'Christmas Eve' } },
      ical_url: '',
      unknown_field: 'dropped',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Vienna office',
      timezone: 'Europe/Vienna',
      business_hours: WEEK,
      public_holidays: { '2027-12-24': { active: true, summary: 'Christmas Eve' } },
      default: false,
      created_by_id: expect.any(Number),
    });
    expect(created.body.unknown_field).toBeUndefined();
    const id = created.body.id;

    const expanded = await call(desk, 'admin', 'GET', `/calendars/${id}?expand=true`);
    expect(expanded.body.created_by).toBe('admin@example.org');
    const full = await call(desk, 'admin', 'GET', '/calendars?full=true');
    expect(full.body.assets.Calendar[String(id)].name).toBe('Vienna office');
    expect(full.body.total_count).toBeGreaterThanOrEqual(2);

    const updated = await call(desk, 'admin', 'PUT', `/calendars/${id}`, { timezone: 'Asia/Kolkata' });
    expect(updated.body).toMatchObject({ id, timezone: 'Asia/Kolkata', business_hours: WEEK });

    expect((await call(desk, 'admin', 'DELETE', `/calendars/${id}`)).body).toEqual({});
    expect((await call(desk, 'admin', 'GET', `/calendars/${id}`)).status).toBe(404);
  });

  it('is for admins only', async () => {
    for (const as of ['agent', 'customer'] as const) {
      expect((await call(desk, as, 'GET', '/calendars')).status).toBe(403);
      expect((await call(desk, as, 'GET', '/calendars/timezones')).status).toBe(403);
      expect((await call(desk, as, 'POST', '/calendars', { name: 'x' })).status).toBe(403);
    }
  });

  it('refuses unusable calendars: an unknown zone, no hours, reversed hours', async () => {
    const zone = await call(desk, 'admin', 'POST', '/calendars', { name: 'Mars', timezone: 'Mars/Olympus' });
    expect(zone.status).toBe(422);
    expect(zone.body.error).toBe('Unknown time zone: Mars/Olympus');
    const none = await call(desk, 'admin', 'POST', '/calendars', {
      name: 'Closed',
      timezone: 'UTC',
      business_hours: { mon: { active: false, timeframes: [] } },
    });
    expect(none.body.error).toBe('No configured business hours found!');
    const reversed = await call(desk, 'admin', 'POST', '/calendars', {
      name: 'Backwards',
      timezone: 'UTC',
      business_hours: { mon: { active: true, timeframes: [['17:00', '09:00']] } },
    });
    expect(reversed.body.error).toContain('Invalid business hours on mon: 17:00-09:00');
    const blank = await call(desk, 'admin', 'POST', '/calendars', { name: ' ' });
    expect(blank.body.error).toBe("Attribute 'name' required!");
    // Without hours, a new calendar gets Zammad's default week.
    const plain = await call(desk, 'admin', 'POST', '/calendars', { name: 'Plain', timezone: 'UTC' });
    expect(plain.body.business_hours.mon).toEqual({ active: true, timeframes: [['09:00', '17:00']] });
    expect(plain.body.business_hours.sat.active).toBe(false);
    await call(desk, 'admin', 'DELETE', `/calendars/${plain.body.id}`);
  });

  it('keeps exactly one default calendar', async () => {
    const list = async () => (await call(desk, 'admin', 'GET', '/calendars')).body as Json[];
    const eosc = (await list()).find((c) => c.default);
    expect(eosc.name).toBe('EOSC working hours');
    const other = await call(desk, 'admin', 'POST', '/calendars', { name: 'Other', default: true });
    expect(other.body.default).toBe(true);
    expect((await list()).filter((c) => c.default).map((c) => c.id)).toEqual([other.body.id]);
    // Deleting the default hands it to the oldest calendar.
    await call(desk, 'admin', 'DELETE', `/calendars/${other.body.id}`);
    expect((await list()).filter((c) => c.default).map((c) => c.id)).toEqual([eosc.id]);
    // Unsetting the only default leaves it the default.
    await call(desk, 'admin', 'PUT', `/calendars/${eosc.id}`, { default: false });
    expect((await list()).filter((c) => c.default).map((c) => c.id)).toEqual([eosc.id]);
  });

  it('refuses to delete a calendar an SLA uses', async () => {
    const eosc = ((await call(desk, 'admin', 'GET', '/calendars')).body as Json[]).find((c) => c.default);
    const refused = await call(desk, 'admin', 'DELETE', `/calendars/${eosc.id}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe("Can't delete, object has references.");
  });

  it('lists time zones with their offsets', async () => {
    const res = await call(desk, 'admin', 'GET', '/calendars/timezones');
    expect(res.status).toBe(200);
    expect(res.body.timezones.UTC).toBe(0);
    expect(res.body.timezones['Asia/Tokyo']).toBe(9);
    expect(res.body.timezones['Australia/Adelaide']).toBeGreaterThanOrEqual(9.5);
    expect([1, 2]).toContain(res.body.timezones['Europe/Brussels']);
  });
});

describe('SLAs', () => {
  it("creates, shows, updates and deletes with Zammad's shapes and casts (admin.sla)", async () => {
    const calendarId = ((await call(desk, 'admin', 'GET', '/calendars')).body as Json[])[0].id;
    const created = await call(desk, 'admin', 'POST', '/slas', {
      name: 'Gold',
      calendar_id: calendarId,
      first_response_time: '60',
      update_time: '',
      solution_time: 480,
      condition: { 'ticket.priority_id': { operator: 'is', value: ['3'] } },
      data: { eosc_qos: { level: 'base' } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Gold',
      calendar_id: calendarId,
      first_response_time: 60,
      update_time: null,
      solution_time: 480,
      response_time: null,
      condition: { 'ticket.priority_id': { operator: 'is', value: ['3'] } },
      data: null,
    });
    const id = created.body.id;
    expect((await call(desk, 'admin', 'GET', `/slas/${id}?expand=true`)).body.calendar).toBe(
      'EOSC working hours',
    );
    const updated = await call(desk, 'admin', 'PUT', `/slas/${id}`, {
      solution_time: null,
      calendar: 'EOSC working hours',
    });
    expect(updated.body).toMatchObject({ id, solution_time: null, first_response_time: 60 });
    expect((await call(desk, 'admin', 'DELETE', `/slas/${id}`)).body).toEqual({});
    expect((await call(desk, 'admin', 'GET', `/slas/${id}`)).status).toBe(404);
  });

  it('defaults to the default calendar and checks what it is given', async () => {
    const made = await call(desk, 'admin', 'POST', '/slas', { name: 'Fallback', first_response_time: 30 });
    expect(made.status).toBe(201);
    const def = ((await call(desk, 'admin', 'GET', '/calendars')).body as Json[]).find((c) => c.default);
    expect(made.body).toMatchObject({ calendar_id: def.id, condition: {} });
    await call(desk, 'admin', 'DELETE', `/slas/${made.body.id}`);

    const badCalendar = await call(desk, 'admin', 'POST', '/slas', { name: 'x', calendar_id: 9999 });
    expect(badCalendar.status).toBe(422);
    expect(badCalendar.body.error).toBe("Invalid value for param 'calendar_id': 9999");
    const badTime = await call(desk, 'admin', 'POST', '/slas', { name: 'x', first_response_time: 'soon' });
    expect(badTime.body.error).toBe(`Invalid value for param 'first_response_time': "soon"`);
    const badCondition = await call(desk, 'admin', 'POST', '/slas', {
      name: 'x',
      condition: { 'ticket.no_such_column': { operator: 'is', value: ['1'] } },
    });
    expect(badCondition.status).toBe(422);
    expect(badCondition.body.error).toBe("Invalid condition: unknown attribute 'ticket.no_such_column'");
  });

  it('is for admins only', async () => {
    for (const as of ['agent', 'customer'] as const) {
      expect((await call(desk, as, 'GET', '/slas')).status).toBe(403);
      expect((await call(desk, as, 'POST', '/slas', { name: 'x' })).status).toBe(403);
    }
  });

  it('holds one QoS SLA per level and EOSC priority, with DOMAIN.md times', async () => {
    const slas = ((await call(desk, 'admin', 'GET', '/slas')).body as Json[]).filter((s) => s.data?.eosc_qos);
    const times = Object.fromEntries(slas.map((s) => [s.name, s.first_response_time]));
    expect(times).toEqual({
      'EOSC QoS Base · 1 low': 2400,
      'EOSC QoS Base · 2 normal': 2400,
      'EOSC QoS Base · 3 high': 2400,
      'EOSC QoS Base · 4 top priority': 2400,
      'EOSC QoS Medium · 1 low': 2400,
      'EOSC QoS Medium · 2 normal': 2400,
      'EOSC QoS Medium · 3 high': 480,
      'EOSC QoS Medium · 4 top priority': 480,
      'EOSC QoS Advanced · 1 low': 2400,
      'EOSC QoS Advanced · 2 normal': 480,
      'EOSC QoS Advanced · 3 high': 480,
      'EOSC QoS Advanced · 4 top priority': 240,
    });
    for (const s of slas) expect(s.update_time).toBe(s.first_response_time);
    const groups = (await call(desk, 'admin', 'GET', '/groups')).body as Json[];
    const id = (name: string) => String(groups.find((g) => g.name === name).id);
    const medium = slas.find((s) => s.name === 'EOSC QoS Medium · 3 high');
    expect(medium.condition['ticket.group_id'].value).toEqual([id('EUDAT Support')]);
    const advanced = slas.find((s) => s.name === 'EOSC QoS Advanced · 3 high');
    expect(advanced.condition['ticket.group_id'].value).toEqual([
      id('EGI Support'),
      id('EGI Check-in Developers'),
    ]);
  });
});

describe('support units', () => {
  it('carry a level, a line, a mailing list and a guide; agents see them, customers do not', async () => {
    const created = await call(desk, 'admin', 'POST', '/groups', {
      name: 'Unit under test',
      support_unit: true,
      support_line: '2',
      mailing_list: ' unit@example.org ',
      assignment_guide: 'Data questions.',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      support_unit: true,
      qos_level: 'base',
      support_line: 2,
      mailing_list: 'unit@example.org',
      assignment_guide: 'Data questions.',
    });
    const id = created.body.id;
    const asAgent = (await call(desk, 'agent', 'GET', `/groups/${id}`)).body;
    expect(asAgent.qos_level).toBe('base');
    const asCustomer = (await call(desk, 'customer', 'GET', '/groups')).body as Json[];
    expect(asCustomer.find((g) => g.id === id)?.qos_level).toBeUndefined();

    // The base SLAs now name the unit.
    const base = ((await call(desk, 'admin', 'GET', '/slas')).body as Json[]).find(
      (s) => s.name === 'EOSC QoS Base · 2 normal',
    );
    expect(base.condition['ticket.group_id'].value).toContain(String(id));

    const bad = await call(desk, 'admin', 'PUT', `/groups/${id}`, { qos_level: 'platinum' });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe(`Invalid value for param 'qos_level': "platinum"`);
    expect((await call(desk, 'admin', 'PUT', `/groups/${id}`, { support_line: 4 })).status).toBe(422);
    expect((await call(desk, 'admin', 'PUT', `/groups/${id}`, { mailing_list: 'nope' })).status).toBe(422);

    // No longer a unit: level and line go; the SLAs forget it.
    const plain = await call(desk, 'admin', 'PUT', `/groups/${id}`, { support_unit: false });
    expect(plain.body).toMatchObject({ support_unit: false, qos_level: null, support_line: null });
    const after = ((await call(desk, 'admin', 'GET', '/slas')).body as Json[]).find(
      (s) => s.name === 'EOSC QoS Base · 2 normal',
    );
    expect(after.condition['ticket.group_id'].value).not.toContain(String(id));
    expect((await call(desk, 'agent', 'PUT', `/groups/${id}`, { support_unit: true })).status).toBe(403);
  });
});
