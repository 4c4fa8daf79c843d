import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, type RunningBff, startBff } from './harness.ts';

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  const res = await b.signIn(who);
  expect(res.status).toBe(200);
  return b;
}

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const hours = (frames: [string, string][], days = 5) =>
  Object.fromEntries(WEEK.map((d, i) => [d, { active: i < days, timeframes: i < days ? frames : [] }]));

type Unit = { id: number; name: string; qos_level: string | null; support_line: number | null };

describe('service-level administration: who may', () => {
  const calendar = {
    name: 'Matrix calendar',
    timezone: 'Europe/Brussels',
    business_hours: hours([['09:00', '17:00']]),
    public_holidays: {},
  };
  // Each admin route with a body that passes the BFF's own checks.
  const routes: [string, string, unknown?][] = [
    ['GET', '/bff/agent/admin/units'],
    ['PUT', '/bff/agent/admin/units/1', { assignment_guide: 'x' }],
    ['GET', '/bff/agent/admin/calendars'],
    ['GET', '/bff/agent/admin/calendars/timezones'],
    ['POST', '/bff/agent/admin/calendars', calendar],
    ['PUT', '/bff/agent/admin/calendars/1', calendar],
    ['DELETE', '/bff/agent/admin/calendars/999999'],
    ['GET', '/bff/agent/admin/slas'],
    ['POST', '/bff/agent/admin/slas', { name: 'x', calendar_id: 1, first_response_time: 60, condition: {} }],
    ['PUT', '/bff/agent/admin/slas/1', { name: 'x', calendar_id: 1, first_response_time: 60, condition: {} }],
    ['DELETE', '/bff/agent/admin/slas/999999'],
    ['GET', '/bff/agent/admin/jobs'],
    ['POST', '/bff/agent/admin/jobs/1/run'],
  ];

  it('refuses agents and customers (403) before asking the helpdesk, and anonymous visitors (401)', async () => {
    const agent = await signedIn(DEMO.agent);
    const customer = await signedIn(DEMO.customer);
    const anonymous = new Browser(bff.url);
    for (const [method, path, body] of routes) {
      for (const [who, b, status] of [
        ['agent', agent, 403],
        ['customer', customer, 403],
        ['anonymous', anonymous, 401],
      ] as const) {
        const res = await b.request(path, { method, ...(body ? { body } : {}) });
        expect({ who, method, path, status: res.status }).toEqual({ who, method, path, status });
      }
    }
    const perms = await agent.request('/bff/agent/permissions');
    expect(perms.body).toMatchObject({ unit_admin: false, calendar_admin: false, sla_admin: false });
  });

  it('lets an admin read every admin list (200)', async () => {
    const admin = await signedIn(DEMO.admin);
    for (const [method, path] of routes.filter(([m]) => m === 'GET')) {
      const res = await admin.request(path, { method });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    expect((await admin.request('/bff/agent/permissions')).body).toEqual({
      overview_admin: true,
      kb_editor: true,
      unit_admin: true,
      calendar_admin: true,
      sla_admin: true,
      scheduler_admin: true,
      mail_admin: true,
      trigger_admin: true,
      webhook_admin: true,
      service_admin: true,
      community_admin: true,
    });
  });
});

describe('support units', () => {
  it('lists groups with their unit fields and changes a level, which the QoS SLAs follow', async () => {
    const admin = await signedIn(DEMO.admin);
    const list = await admin.request('/bff/agent/admin/units');
    const units = list.body.items as (Unit & { members: number; mailing_list: string | null })[];
    const egi = units.find((u) => u.name === 'EGI Support');
    expect(egi).toMatchObject({
      support_line: 2,
      qos_level: 'advanced',
      mailing_list: 'support@egi.example.org',
    });
    expect(egi?.members).toBeGreaterThan(0);
    expect(units.find((u) => u.name === 'Users')).toMatchObject({ support_unit: false, qos_level: null });

    const portal = units.find((u) => u.name === 'EOSC Portal Support') as Unit;
    const changed = await admin.request(`/bff/agent/admin/units/${portal.id}`, {
      method: 'PUT',
      body: { qos_level: 'medium', assignment_guide: '  Orders and onboarding.  ' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ qos_level: 'medium', assignment_guide: 'Orders and onboarding.' });
    try {
      const slas = (await admin.request('/bff/agent/admin/slas')).body.items as {
        name: string;
        managed: boolean;
        qos: { level: string; priority: string } | null;
        condition: Record<string, { value: string[] }>;
      }[];
      const medium = slas.find((s) => s.qos?.level === 'medium' && s.qos.priority === '4 top priority');
      expect(medium).toMatchObject({ managed: true, name: 'EOSC QoS Medium · 4 top priority' });
      expect(medium?.condition['ticket.group_id']?.value).toContain(String(portal.id));
      // Agents see the unit's facts (and its guide) in the reference data at once.
      const agentRef = (await (await signedIn(DEMO.admin)).request('/bff/reference')).body;
      expect(agentRef.groups.find((g: Unit) => g.id === portal.id)).toMatchObject({
        support_line: 2,
        qos_level: 'medium',
        assignment_guide: 'Orders and onboarding.',
      });
    } finally {
      await admin.request(`/bff/agent/admin/units/${portal.id}`, {
        method: 'PUT',
        body: { qos_level: 'base' },
      });
    }

    const bad = await admin.request(`/bff/agent/admin/units/${portal.id}`, {
      method: 'PUT',
      body: { mailing_list: 'not an address' },
    });
    expect(bad.status).toBe(400);
  });
});

describe('calendars', () => {
  it('creates, edits and deletes a calendar with business hours and holidays; lists time zones', async () => {
    const admin = await signedIn(DEMO.admin);
    const zones = (await admin.request('/bff/agent/admin/calendars/timezones')).body.items as {
      name: string;
      offset: number;
    }[];
    expect(zones.find((z) => z.name === 'Europe/Brussels')?.offset).toBeGreaterThanOrEqual(1);

    const list = (await admin.request('/bff/agent/admin/calendars')).body.items as {
      name: string;
      default: boolean;
      public_holidays: Record<string, { active: boolean; summary: string }>;
    }[];
    const demo = list.find((c) => c.name === 'EOSC working hours');
    expect(demo).toMatchObject({ default: true, timezone: 'Europe/Brussels' });
    expect(demo?.public_holidays['2027-12-25']).toEqual({ active: true, summary: 'Christmas Day' });

    const name = `EGI hours ${Date.now()}`;
    const created = await admin.request('/bff/agent/admin/calendars', {
      method: 'POST',
      body: {
        name,
        timezone: 'Europe/Amsterdam',
        business_hours: hours(
          [
            ['08:00', '12:00'],
            ['13:00', '17:00'],
          ],
          5,
        ),
        public_holidays: { '2027-04-27': { active: true, summary: "King's Day" } },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name,
      timezone: 'Europe/Amsterdam',
      default: false,
      public_holidays: { '2027-04-27': { active: true, summary: "King's Day" } },
    });
    expect(created.body.business_hours.mon).toEqual({
      active: true,
      timeframes: [
        ['08:00', '12:00'],
        ['13:00', '17:00'],
      ],
    });
    expect(created.body.business_hours.sat).toEqual({ active: false, timeframes: [] });

    const edited = await admin.request(`/bff/agent/admin/calendars/${created.body.id}`, {
      method: 'PUT',
      body: {
        ...created.body,
        business_hours: hours([['09:00', '23:59']], 6),
        public_holidays: { '2027-04-27': { active: false, summary: "King's Day" } },
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.business_hours.sat).toEqual({ active: true, timeframes: [['09:00', '23:59']] });
    expect(edited.body.public_holidays['2027-04-27'].active).toBe(false);

    expect(
      (await admin.request(`/bff/agent/admin/calendars/${created.body.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
  });

  it('refuses overlapping or backwards time frames and a working day without hours (400)', async () => {
    const admin = await signedIn(DEMO.admin);
    const base = { name: 'Bad', timezone: 'Europe/Brussels', public_holidays: {} };
    for (const business_hours of [
      hours([
        ['09:00', '13:00'],
        ['12:00', '17:00'],
      ]),
      hours([['17:00', '09:00']]),
      { ...hours([['09:00', '17:00']]), mon: { active: true, timeframes: [] } },
    ]) {
      const res = await admin.request('/bff/agent/admin/calendars', {
        method: 'POST',
        body: { ...base, business_hours },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_input');
    }
  });
});

describe('SLAs', () => {
  it("lets admins tune the times of the desk's QoS SLAs (nothing else) and edits others", async () => {
    const admin = await signedIn(DEMO.admin);
    const list = (await admin.request('/bff/agent/admin/slas')).body.items as {
      id: number;
      name: string;
      managed: boolean;
      calendar: string | null;
      first_response_time: number | null;
    }[];
    const advancedTop = list.find((s) => s.name === 'EOSC QoS Advanced · 4 top priority');
    expect(advancedTop).toMatchObject({
      managed: true,
      calendar: 'EOSC working hours',
      first_response_time: 240,
    });
    const tuned = await admin.request(`/bff/agent/admin/slas/${advancedTop?.id}`, {
      method: 'PUT',
      body: { name: 'mine now', calendar_id: 1, first_response_time: 200, update_time: 240, condition: {} },
    });
    expect(tuned.status).toBe(200);
    expect(tuned.body).toMatchObject({
      name: 'EOSC QoS Advanced · 4 top priority',
      managed: true,
      first_response_time: 200,
      calendar: 'EOSC working hours',
    });
    expect(Object.keys(tuned.body.condition).length).toBeGreaterThan(0);
    const back = await admin.request(`/bff/agent/admin/slas/${advancedTop?.id}`, {
      method: 'PUT',
      body: { ...tuned.body, first_response_time: 240 },
    });
    expect(back.body.first_response_time).toBe(240);
    expect(
      (await admin.request(`/bff/agent/admin/slas/${advancedTop?.id}`, { method: 'DELETE' })).status,
    ).toBe(422);

    const calendars = (await admin.request('/bff/agent/admin/calendars')).body.items as { id: number }[];
    const name = `zz Community ${Date.now()}`;
    const created = await admin.request('/bff/agent/admin/slas', {
      method: 'POST',
      body: {
        name,
        calendar_id: calendars[0]?.id,
        first_response_time: 120,
        solution_time: 4800,
        condition: { 'ticket.eosc_service': { operator: 'is', value: ['b2share'] } },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name,
      managed: false,
      qos: null,
      first_response_time: 120,
      update_time: null,
      solution_time: 4800,
      condition: { 'ticket.eosc_service': { operator: 'is', value: ['b2share'] } },
    });
    const edited = await admin.request(`/bff/agent/admin/slas/${created.body.id}`, {
      method: 'PUT',
      body: { ...created.body, update_time: 480 },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.update_time).toBe(480);
    expect(
      (await admin.request(`/bff/agent/admin/slas/${created.body.id}`, { method: 'DELETE' })).status,
    ).toBe(204);

    const noTimes = await admin.request('/bff/agent/admin/slas', {
      method: 'POST',
      body: { name: 'none', calendar_id: 1, condition: {} },
    });
    expect(noTimes.status).toBe(400);
  });
});

describe('worker jobs', () => {
  it('lists the recurring jobs with their runs and runs one now', async () => {
    const admin = await signedIn(DEMO.admin);
    const jobs = (await admin.request('/bff/agent/admin/jobs')).body.items as {
      id: number;
      kind: string;
      recurring: boolean;
      next_run_at: string;
      runs: number;
    }[];
    const escalation = jobs.find((j) => j.kind === 'escalation');
    expect(escalation).toMatchObject({ recurring: true });
    const ran = await admin.request(`/bff/agent/admin/jobs/${escalation?.id}/run`, { method: 'POST' });
    expect(ran.status).toBe(200);
    expect(ran.body.last_run_at).not.toBeNull();
    expect(ran.body.runs).toBeGreaterThan(escalation?.runs ?? 0);
    expect(ran.body.last_error).toBeNull();
  });
});

describe("tickets' SLA facts, the SLA filter and the lines of support", () => {
  it('gives a top-priority ticket of an advanced unit its due times, filters and sorts by them', async () => {
    const admin = await signedIn(DEMO.admin);
    // The customer opens it: a first message written by an agent would count as the response.
    const customer = await signedIn(DEMO.customer);
    const title = `VM down ${Date.now()}`;
    const created = await customer.request('/bff/tickets', {
      method: 'POST',
      body: {
        title,
        body: 'All VMs are unreachable.',
        eosc_service: 'egi-cloud-compute',
        eosc_ticket_type: 'incident',
        priority: '4 top priority',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      priority: '4 top priority',
      group: 'EGI Support',
      escalation_target: 'first_response',
      // Customers see no unit facts (their groups come reduced).
      unit: null,
    });
    const at = Date.parse(created.body.escalation_at);
    const warning = Date.parse(created.body.escalation_warning_at);
    expect(at).toBeGreaterThan(Date.parse(created.body.created_at));
    expect(warning).toBeLessThan(at);

    const view = (await admin.request(`/bff/tickets/${created.body.id}`)).body;
    expect(view.ticket).toMatchObject({
      escalation_at: created.body.escalation_at,
      escalation_warning_at: created.body.escalation_warning_at,
      unit: { qos_level: 'advanced', support_line: 2 },
    });

    const ids = async (sla: string) => {
      const res = await admin.request(
        `/bff/agent/overviews/all_open?sla=${sla}&per_page=200&sort_by=escalation_at&order=asc`,
      );
      expect(res.status).toBe(200);
      return (res.body.items as { id: number }[]).map((r) => r.id);
    };
    const running = await ids('running,warning');
    expect(running).toContain(created.body.id);
    expect(await ids('none')).not.toContain(created.body.id);
    expect(await ids('breached')).not.toContain(created.body.id);
    // Within one group (an overview may group by it first), earliest due first.
    const sorted = (
      await admin.request(
        `/bff/agent/overviews/all_open?group_id=${created.body.group_id}&per_page=200&sort_by=escalation_at&order=asc`,
      )
    ).body.items as { escalation_at: string | null }[];
    const times = sorted.flatMap((r) => (r.escalation_at ? [Date.parse(r.escalation_at)] : []));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const bad = await admin.request('/bff/agent/overviews/all_open?sla=late');
    expect(bad.status).toBe(400);
  });

  it('moves up a line with an internal note, refuses it without one (the desk’s 422), and records the move', async () => {
    const admin = await signedIn(DEMO.admin);
    const units = (await admin.request('/bff/agent/admin/units')).body.items as Unit[];
    const first = units.find((u) => u.support_line === 1) as Unit;
    const second = units.find((u) => u.name === 'EGI Support') as Unit;
    const created = await admin.request('/bff/tickets', {
      method: 'POST',
      body: { title: `Triage ${Date.now()}`, body: 'Check-in fails.', group_id: first.id },
    });
    const id = created.body.id as number;
    const reply = (body: Record<string, unknown>) =>
      admin.request(`/bff/tickets/${id}/articles`, { method: 'POST', body: { body: 'See below.', ...body } });

    const refused = await reply({ internal: false, group_id: second.id });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/summary/);
    const moved = await reply({
      body: 'Summary: login loops since 09:00.',
      internal: true,
      group_id: second.id,
    });
    expect(moved.status).toBe(201);
    const view = (await admin.request(`/bff/tickets/${id}`)).body;
    expect(view.ticket).toMatchObject({ group: 'EGI Support', unit: { support_line: 2 } });
    // A plain group change across lines (no note) is refused too.
    const patched = await admin.request(`/bff/tickets/${id}`, {
      method: 'PATCH',
      body: { group_id: first.id },
    });
    expect(patched.status).toBe(422);
    const history = await admin.request(`/bff/agent/tickets/${id}/history`);
    expect(JSON.stringify(history.body)).toMatch(/support_line/);
  });
});

describe("the helpdesk's clock", () => {
  it("passes on the Date of the helpdesk's replies, which due times run on, as X-Helpdesk-Date", async () => {
    // The helpdesk's clock stands elsewhere than the BFF's (the desk's test clock, or a skewed host).
    const skewed = await startBff({
      fetch: async (req) => {
        const res = await fetch(req);
        const headers = new Headers(res.headers);
        headers.set('Date', 'Mon, 04 Jan 2027 11:01:00 GMT');
        return new Response(res.body, { status: res.status, headers });
      },
    });
    try {
      const admin = new Browser(skewed.url);
      expect((await admin.signIn(DEMO.admin)).status).toBe(200);
      const list = await admin.request('/bff/agent/admin/slas');
      expect(list.status).toBe(200);
      expect(list.headers.get('x-helpdesk-date')).toBe('Mon, 04 Jan 2027 11:01:00 GMT');
      // No helpdesk call, no helpdesk time.
      expect((await admin.request('/bff/health')).headers.get('x-helpdesk-date')).toBeNull();
    } finally {
      await skewed.close();
    }
  });
});
