import { fireEvent, screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { signInAs } from '@/testing/db';
import { buildAgent } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const admin = () => signInAs(buildAgent({ is_admin: true, roles: ['Admin', 'Agent'] }));

const EUDAT = {
  id: 7,
  name: 'EUDAT Support',
  active: true,
  support_unit: true,
  qos_level: 'medium',
  support_line: 2,
  mailing_list: 'support@eudat.example.org',
  assignment_guide: 'Storage and data services.',
  members: 3,
};
const USERS = { ...EUDAT, id: 1, name: 'Users', support_unit: false, qos_level: null, support_line: null };

const HOURS = {
  mon: { active: true, timeframes: [['09:00', '17:00']] },
  tue: { active: true, timeframes: [['09:00', '17:00']] },
  wed: { active: true, timeframes: [['09:00', '17:00']] },
  thu: { active: true, timeframes: [['09:00', '17:00']] },
  fri: { active: true, timeframes: [['09:00', '17:00']] },
  sat: { active: false, timeframes: [] },
  sun: { active: false, timeframes: [] },
};
const CALENDAR = {
  id: 1,
  name: 'EOSC working hours',
  timezone: 'Europe/Brussels',
  business_hours: HOURS,
  public_holidays: { '2027-05-09': { active: true, summary: 'Europe Day' } },
  default: true,
  note: null,
};
const ZONES = [
  { name: 'Europe/Brussels', offset: 1 },
  { name: 'Europe/Lisbon', offset: 0 },
  { name: 'America/St_Johns', offset: -3.5 },
];

const QOS_SLA = {
  id: 3,
  name: 'EOSC QoS Advanced · 4 top priority',
  calendar_id: 1,
  calendar: 'EOSC working hours',
  first_response_time: 240,
  update_time: 240,
  solution_time: null,
  condition: {
    'ticket.group_id': { operator: 'is', value: ['7'] },
    'ticket.priority_id': { operator: 'is', value: ['4'] },
  },
  managed: true,
  qos: { level: 'advanced', priority_id: 4, priority: '4 top priority' },
};

describe('support units page', () => {
  it('sets a level; a bad address is named before saving, and a refused save keeps the input', async () => {
    admin();
    const puts: unknown[] = [];
    server.use(
      http.get('/bff/agent/admin/units', () => HttpResponse.json({ items: [USERS, EUDAT] })),
      http.put('/bff/agent/admin/units/:id', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        puts.push(body);
        if (puts.length === 1) return bffError(422, 'invalid', 'The helpdesk refused the assignment guide.');
        return HttpResponse.json({ ...EUDAT, ...body });
      }),
    );
    const { user } = renderApp('/agent/admin/units');
    expect(await screen.findByRole('heading', { level: 1, name: 'Support units' })).toBeInTheDocument();
    const row = screen.getByRole('row', { name: /EUDAT Support/ });
    expect(row).toHaveTextContent('Medium');
    expect(row).toHaveTextContent('2nd line');
    expect(screen.getByRole('row', { name: /Users/ })).toHaveTextContent('No');

    await user.click(within(row).getByRole('button', { name: 'Edit EUDAT Support' }));
    const form = screen.getByRole('form', { name: 'Support unit: EUDAT Support' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Level' }), 'advanced');
    const mail = within(form).getByRole('textbox', { name: 'Mailing list address' });
    await user.clear(mail);
    await user.type(mail, 'not an address');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Please correct the marked fields.');
    expect(mail).toHaveAccessibleDescription(/Enter an e-mail address, or leave it empty./);
    expect(mail).toHaveAttribute('aria-invalid', 'true');
    expect(puts).toHaveLength(0);

    await user.clear(mail);
    await user.type(mail, 'b2safe@eudat.example.org');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'The helpdesk refused the assignment guide.',
    );
    expect(within(form).getByRole('combobox', { name: 'Level' })).toHaveValue('advanced');
    expect(mail).toHaveValue('b2safe@eudat.example.org');

    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('“EUDAT Support” saved.')).toBeInTheDocument();
    expect(puts[1]).toEqual({
      support_unit: true,
      qos_level: 'advanced',
      support_line: 2,
      mailing_list: 'b2safe@eudat.example.org',
      assignment_guide: 'Storage and data services.',
    });
  });

  it('is forbidden without the permission', async () => {
    signInAs(buildAgent());
    server.use(http.get('/bff/agent/admin/units', () => bffError(403, 'forbidden', 'Not authorized')));
    renderApp('/agent/admin/units');
    expect(await screen.findByRole('heading', { name: 'Forbidden' })).toBeInTheDocument();
  });
});

describe('calendars page', () => {
  it('checks the hours per day, adds and removes holidays, and keeps the form when the desk refuses', async () => {
    admin();
    const posts: Record<string, unknown>[] = [];
    server.use(
      http.get('/bff/agent/admin/calendars', () => HttpResponse.json({ items: [CALENDAR] })),
      http.get('/bff/agent/admin/calendars/timezones', () => HttpResponse.json({ items: ZONES })),
      http.post('/bff/agent/admin/calendars', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        posts.push(body);
        if (posts.length === 1) return bffError(422, 'invalid', 'timezone: unknown time zone Europe/Lisbon');
        return HttpResponse.json({ ...CALENDAR, ...body, id: 2 }, { status: 201 });
      }),
    );
    const { user } = renderApp('/agent/admin/calendars');
    expect(await screen.findByRole('heading', { level: 1, name: 'Calendars' })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /EOSC working hours/ })).toHaveTextContent('5 working days');

    await user.click(screen.getByRole('button', { name: 'New calendar' }));
    const form = screen.getByRole('form', { name: 'New calendar' });
    const zone = within(form).getByRole('combobox', { name: 'Time zone' });
    expect(within(zone).getByRole('option', { name: 'America/St_Johns (UTC−03:30)' })).toBeInTheDocument();
    // A second frame on Monday (13:00–17:00) overlaps 09:00–17:00.
    await user.click(within(form).getByRole('button', { name: 'Add a time frame on Monday' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Please correct the marked fields.');
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(
      'Give the calendar a name.',
    );
    const monday = within(form).getByRole('group', { name: 'Monday' });
    expect(monday).toHaveTextContent('time frames of one day must not overlap');
    expect(posts).toHaveLength(0);

    // Monday becomes 09:00–12:00 and 13:00–17:00; Saturday a working morning.
    const [, firstTo] = within(monday).getAllByLabelText(/Monday, time frame/);
    fireEvent.change(firstTo as HTMLElement, { target: { value: '12:00' } });
    const saturday = within(form).getByRole('group', { name: 'Saturday' });
    await user.click(within(saturday).getByRole('checkbox'));
    expect(within(saturday).getAllByLabelText(/Saturday, time frame 1/)).toHaveLength(2);

    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Lisbon hours');
    await user.selectOptions(zone, 'Europe/Lisbon');
    fireEvent.change(within(form).getByLabelText('Date'), { target: { value: '2027-06-13' } });
    await user.type(within(form).getByRole('textbox', { name: 'Name of the holiday' }), 'Santo António');
    await user.click(within(form).getByRole('button', { name: 'Add holiday' }));
    fireEvent.change(within(form).getByLabelText('Date'), { target: { value: '2027-06-13' } });
    await user.click(within(form).getByRole('button', { name: 'Add holiday' }));
    expect(within(form).getByText('This date is already a holiday.')).toBeInTheDocument();
    fireEvent.change(within(form).getByLabelText('Date'), { target: { value: '2027-12-24' } });
    await user.click(within(form).getByRole('button', { name: 'Add holiday' }));
    await user.click(within(form).getByRole('button', { name: 'Remove 2027-12-24 ()' }));

    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('unknown time zone Europe/Lisbon');
    expect(zone).toHaveAccessibleDescription('timezone: unknown time zone Europe/Lisbon');
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveValue('Lisbon hours');
    expect(within(form).getByText('Santo António')).toBeInTheDocument();

    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('“Lisbon hours” saved.')).toBeInTheDocument();
    expect(posts[1]).toMatchObject({
      name: 'Lisbon hours',
      timezone: 'Europe/Lisbon',
      default: false,
      business_hours: {
        mon: {
          active: true,
          timeframes: [
            ['09:00', '12:00'],
            ['13:00', '17:00'],
          ],
        },
        sat: { active: true, timeframes: [['09:00', '17:00']] },
        sun: { active: false, timeframes: [] },
      },
      public_holidays: { '2027-06-13': { active: true, summary: 'Santo António' } },
    });
  });

  it('needs at least one working day', async () => {
    admin();
    server.use(
      http.get('/bff/agent/admin/calendars', () => HttpResponse.json({ items: [CALENDAR] })),
      http.get('/bff/agent/admin/calendars/timezones', () => HttpResponse.json({ items: ZONES })),
    );
    const { user } = renderApp('/agent/admin/calendars');
    await user.click(await screen.findByRole('button', { name: 'Edit EOSC working hours' }));
    const form = screen.getByRole('form', { name: 'Calendar: EOSC working hours' });
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])
      await user.click(within(within(form).getByRole('group', { name: day })).getByRole('checkbox'));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByRole('group', { name: 'Business hours' })).toHaveAccessibleDescription(
      'At least one day must be a working day.',
    );
  });
});

describe('deleting an SLA', () => {
  it('says it is deleted when the server answers 204 without a body', async () => {
    admin();
    const own = { ...QOS_SLA, id: 9, name: 'Own SLA', managed: false, qos: null };
    let deleted = '';
    server.use(
      http.get('/bff/agent/admin/slas', () => HttpResponse.json({ items: [QOS_SLA, own] })),
      http.get('/bff/agent/admin/calendars', () => HttpResponse.json({ items: [CALENDAR] })),
      http.delete('/bff/agent/admin/slas/:id', ({ params }) => {
        deleted = String(params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { user } = renderApp('/agent/admin/slas');
    await user.click(await screen.findByRole('button', { name: 'Delete Own SLA' }));
    expect(await screen.findByText('“Own SLA” deleted.')).toBeInTheDocument();
    expect(deleted).toBe('9');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('SLAs page', () => {
  function slaHandlers(saves: { method: string; url: string; body: Record<string, unknown> }[]) {
    server.use(
      http.get('/bff/agent/admin/slas', () => HttpResponse.json({ items: [QOS_SLA] })),
      http.get('/bff/agent/admin/calendars', () => HttpResponse.json({ items: [CALENDAR] })),
      http.post('/bff/agent/admin/slas', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        saves.push({ method: 'POST', url: request.url, body });
        if (saves.length === 1)
          return bffError(422, 'invalid', "Invalid condition: unknown attribute 'ticket.x'");
        return HttpResponse.json(
          { ...QOS_SLA, ...body, id: 9, managed: false, qos: null, calendar: 'EOSC working hours' },
          { status: 201 },
        );
      }),
      http.put('/bff/agent/admin/slas/:id', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        saves.push({ method: 'PUT', url: request.url, body });
        return HttpResponse.json({ ...QOS_SLA, ...body });
      }),
    );
  }

  it('creates an SLA: times are checked, and a refused save keeps the input', async () => {
    admin();
    const saves: { method: string; url: string; body: Record<string, unknown> }[] = [];
    slaHandlers(saves);
    const { user } = renderApp('/agent/admin/slas');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Service level agreements' }),
    ).toBeInTheDocument();
    const row = screen.getByRole('row', { name: /EOSC QoS Advanced/ });
    expect(row).toHaveTextContent('QoS: Advanced · top priority');
    expect(within(row).queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New SLA' }));
    const form = screen.getByRole('form', { name: 'New SLA' });
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(
      'Give the SLA a name.',
    );
    expect(within(form).getByRole('group', { name: 'Due times' })).toHaveAccessibleDescription(
      /Set at least one due time./,
    );
    const first = within(form).getByRole('textbox', { name: 'First response (minutes)' });
    await user.type(first, '1.5');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(first).toHaveAccessibleDescription('Whole minutes, at least 1.');
    expect(saves).toHaveLength(0);

    await user.clear(first);
    await user.type(first, '120');
    await user.type(within(form).getByRole('textbox', { name: 'Solution (minutes)' }), '4800');
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Community services');
    expect(within(form).getByRole('combobox', { name: 'Calendar' })).toHaveValue('1');
    await user.click(within(form).getByRole('button', { name: 'Add condition' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Please correct the marked fields.');
    expect(saves).toHaveLength(0);
    await user.selectOptions(within(form).getByRole('listbox', { name: 'Condition 1: Value' }), ['open']);
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent("unknown attribute 'ticket.x'");
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveValue('Community services');
    expect(first).toHaveValue('120');
    expect(within(form).getByRole('combobox', { name: 'Condition 1: Attribute' })).toBeInTheDocument();

    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('“Community services” saved.')).toBeInTheDocument();
    expect(saves[1]?.body).toMatchObject({
      name: 'Community services',
      calendar_id: 1,
      first_response_time: 120,
      update_time: null,
      solution_time: 4800,
      condition: { 'ticket.state_id': { operator: 'is', value: [2] } },
    });
  });

  it("shows a QoS SLA's level and priority, keeps its condition read-only and saves its times", async () => {
    admin();
    const saves: { method: string; url: string; body: Record<string, unknown> }[] = [];
    slaHandlers(saves);
    const { user } = renderApp('/agent/admin/slas');
    await user.click(await screen.findByRole('button', { name: 'Edit EOSC QoS Advanced · 4 top priority' }));
    const form = screen.getByRole('form', { name: 'SLA: EOSC QoS Advanced · 4 top priority' });
    expect(form).toHaveTextContent(
      'Tickets of the support units at level Advanced with priority top priority. The desk keeps this condition.',
    );
    expect(within(form).queryByRole('button', { name: 'Add condition' })).not.toBeInTheDocument();
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveAttribute('readonly');
    expect(within(form).getByRole('combobox', { name: 'Calendar' })).toBeDisabled();
    const update = within(form).getByRole('textbox', { name: 'Update (minutes)' });
    await user.clear(update);
    await user.type(update, '480');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('“EOSC QoS Advanced · 4 top priority” saved.')).toBeInTheDocument();
    expect(saves).toHaveLength(1);
    expect(saves[0]?.url).toMatch(/\/bff\/agent\/admin\/slas\/3$/);
    expect(saves[0]?.body).toEqual({
      name: QOS_SLA.name,
      calendar_id: 1,
      first_response_time: 240,
      update_time: 480,
      solution_time: null,
      condition: QOS_SLA.condition,
    });
  });
});

describe('worker jobs page', () => {
  it('shows last and next run, failures and the last error, and runs a job now', async () => {
    admin();
    const job = {
      id: 1,
      kind: 'escalation',
      recurring: true,
      interval_seconds: 60,
      next_run_at: '2027-01-04T08:01:00Z',
      last_run_at: '2027-01-04T08:00:00Z',
      last_duration_ms: 12,
      last_result: { warned: 1 },
      last_error: 'connection reset',
      attempts: 0,
      failures: 2,
      runs: 40,
      running_since: null,
    };
    const runs = vi.fn();
    server.use(
      http.get('/bff/agent/admin/jobs', () => HttpResponse.json({ items: [job] })),
      http.post('/bff/agent/admin/jobs/:id/run', ({ params }) => {
        runs(params.id);
        return HttpResponse.json(job);
      }),
    );
    const { user } = renderApp('/agent/admin/jobs');
    expect(await screen.findByRole('heading', { level: 1, name: 'Worker jobs' })).toBeInTheDocument();
    const row = screen.getByRole('row', { name: /escalation/ });
    const cells = within(row).getAllByRole('cell');
    expect(row).toHaveTextContent('every 60 s');
    expect(cells[0]).toHaveTextContent('2027');
    expect(cells[1]).toHaveTextContent('2027');
    expect(cells[2]).toHaveTextContent('2');
    expect(cells[3]).toHaveTextContent('connection reset');
    await user.click(within(row).getByRole('button', { name: 'Run escalation now' }));
    expect(await screen.findByText('escalation ran.')).toBeInTheDocument();
    expect(runs).toHaveBeenCalledWith('1');
  });

  it('says why a run was refused', async () => {
    admin();
    server.use(
      http.get('/bff/agent/admin/jobs', () =>
        HttpResponse.json({
          items: [
            {
              id: 2,
              kind: 'review',
              recurring: true,
              interval_seconds: 3600,
              next_run_at: '2027-01-04T09:00:00Z',
              last_run_at: null,
              last_duration_ms: null,
              last_result: null,
              last_error: null,
              attempts: 0,
              failures: 0,
              runs: 0,
              running_since: null,
            },
          ],
        }),
      ),
      http.post('/bff/agent/admin/jobs/:id/run', () =>
        bffError(422, 'invalid', 'This job is running in another process right now.'),
      ),
    );
    const { user } = renderApp('/agent/admin/jobs');
    const row = await screen.findByRole('row', { name: /review/ });
    expect(row).toHaveTextContent('never');
    await user.click(within(row).getByRole('button', { name: 'Run review now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This job is running in another process right now.',
    );
  });
});
