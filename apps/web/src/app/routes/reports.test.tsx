import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { addAccount, signInAs } from '@/testing/db';
import { buildAgent, buildUser } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const manager = (overrides = {}) =>
  signInAs(
    buildUser({
      login: 'manager@example.org',
      name: 'Mia Manager',
      roles: ['Reporting'],
      reports: 'all',
      ...overrides,
    }),
  );

/** Records the query of every panel request. */
function recordPanels() {
  const asked: { panel: string; query: Record<string, string> }[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    const m = /^\/bff\/reports\/([a-z]+)$/.exec(url.pathname);
    if (m?.[1] && m[1] !== 'scope') asked.push({ panel: m[1], query: Object.fromEntries(url.searchParams) });
  });
  return asked;
}

afterEach(() => {
  server.events.removeAllListeners();
  setLanguage('en');
});

const PERIOD = 'period=custom&from=2026-11-01&to=2026-11-02';

type User = ReturnType<typeof renderApp>['user'];

/** Ticks (or unticks) one value of a multi-value filter: opens its menu, clicks the box. */
async function pick(user: User, controls: HTMLElement, label: string, name: string) {
  const group = within(controls).getByRole('group', { name: label, hidden: true });
  const details = group.closest('details') as HTMLDetailsElement;
  if (!details.open) await user.click(details.querySelector('summary') as HTMLElement);
  await user.click(within(group).getByRole('checkbox', { name }));
}

describe('reports page', () => {
  it('shows every panel with a visible title, its unit, figures and a CSV download', async () => {
    manager();
    renderApp(`/reports?${PERIOD}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Reports' })).toBeInTheDocument();
    for (const title of [
      'Created and closed',
      'Backlog',
      'Response and resolution times',
      'SLA compliance',
      'Reopen rate',
      'Top services',
      'Agent workload',
    ])
      expect(screen.getByRole('heading', { level: 2, name: title })).toBeInTheDocument();

    const volume = screen.getByRole('region', { name: 'Created and closed' });
    expect(within(volume).getByText('Tickets per day')).toBeInTheDocument();
    // 4 + 6 created, 2 + 5 closed.
    expect(await within(volume).findByText('10')).toBeInTheDocument();
    expect(within(volume).getByText('7')).toBeInTheDocument();
    expect(within(volume).getByRole('img', { name: /Created and closed/ })).toBeInTheDocument();
    expect(within(volume).getByRole('link', { name: /Download CSV/ })).toHaveAttribute(
      'href',
      '/bff/reports/volume.csv?from=2026-11-01&to=2026-11-02',
    );

    const times = screen.getByRole('region', { name: 'Response and resolution times' });
    // Headline figures (the panel's hidden table repeats them).
    expect(await within(times).findAllByText('45 min')).not.toHaveLength(0);
    expect(within(times).getAllByText('10 h 0 min')).not.toHaveLength(0);
    expect(within(times).getAllByText('2 h 10 min')).not.toHaveLength(0);

    const reopen = screen.getByRole('region', { name: 'Reopen rate' });
    expect(await within(reopen).findByText('5 %')).toBeInTheDocument();

    const services = screen.getByRole('region', { name: 'Top services' });
    expect(await within(services).findByRole('rowheader', { name: 'B2SHARE' })).toBeInTheDocument();

    expect(screen.getByRole('link', { name: 'Monthly report (CSV, 2026-11)' })).toHaveAttribute(
      'href',
      '/bff/reports/monthly.csv?month=2026-11',
    );
  });

  it('shows each chart as a table on demand', async () => {
    manager();
    const { user } = renderApp(`/reports?${PERIOD}`);
    const volume = await screen.findByRole('region', { name: 'Created and closed' });
    const toggle = await within(volume).findByRole('button', { name: 'Show table' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(volume).queryByRole('table')).not.toBeInTheDocument();

    await user.click(toggle);

    expect(within(volume).getByRole('button', { name: 'Hide table' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    const table = within(volume).getByRole('table', { name: /Created and closed/ });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual(['DateCreatedClosed', '2026-11-0142', '2026-11-0265']);
  });

  it('keeps the period, comparison and filters in the URL and asks the BFF with them', async () => {
    manager();
    const asked = recordPanels();
    const { user, router } = renderApp(`/reports?${PERIOD}`);
    const controls = await screen.findByRole('region', { name: 'Period and filters' });
    await within(controls).findByRole('checkbox', { name: '3 high', hidden: true });
    await within(controls).findByRole('checkbox', { name: 'Users', hidden: true });

    const search = () => new URLSearchParams(router.state.location.search);
    // One change after the other, without waiting for the figures: none undoes the one before.
    await pick(user, controls, 'Priority', '3 high');
    await pick(user, controls, 'Support unit', 'Users');
    await user.selectOptions(within(controls).getByLabelText('Type'), 'Incident');
    await user.selectOptions(within(controls).getByLabelText('Provider'), 'EUDAT CDI');
    await user.click(within(controls).getByLabelText('Compare with the previous period'));
    await waitFor(() => expect(search().get('compare')).toBe('1'));

    const params = new URLSearchParams(router.state.location.search);
    expect(Object.fromEntries(params)).toEqual({
      period: 'custom',
      from: '2026-11-01',
      to: '2026-11-02',
      compare: '1',
      unit: '1',
      priority: '3',
      type: 'incident',
      provider: 'EUDAT CDI',
    });
    expect(
      await screen.findByText('Compared with 2026-10-30 – 2026-10-31', { exact: false }),
    ).toBeInTheDocument();
    await screen.findAllByText(/Previous period/);
    expect(asked).toContainEqual({
      panel: 'volume',
      query: {
        from: '2026-11-01',
        to: '2026-11-02',
        group_ids: '1',
        priority_ids: '3',
        type: 'incident',
        provider: 'EUDAT CDI',
      },
    });
    expect(asked).toContainEqual({
      panel: 'volume',
      query: {
        from: '2026-10-30',
        to: '2026-10-31',
        group_ids: '1',
        priority_ids: '3',
        type: 'incident',
        provider: 'EUDAT CDI',
      },
    });

    await user.selectOptions(within(controls).getByLabelText('Period'), 'Last month');
    expect(new URLSearchParams(router.state.location.search).get('period')).toBe('last_month');
    await user.click(within(controls).getByRole('button', { name: 'Clear filters' }));
    expect(router.state.location.search).toBe('?period=last_month&compare=1');
  });

  it('offers the units the SLA figures name when the person sees no groups of their own', async () => {
    manager();
    server.use(
      http.get('/bff/reference', () => HttpResponse.json({ states: [], priorities: [], groups: [] })),
    );
    const { user, router } = renderApp(`/reports?${PERIOD}`);
    const controls = await screen.findByRole('region', { name: 'Period and filters' });
    await within(controls).findByRole('checkbox', { name: 'EGI Support', hidden: true });
    await pick(user, controls, 'Support unit', 'EUDAT Support');
    expect(new URLSearchParams(router.state.location.search).get('unit')).toBe('4');
    // The other unit is still on offer, and both can be chosen.
    await pick(user, controls, 'Support unit', 'EGI Support');
    expect(new URLSearchParams(router.state.location.search).get('unit')).toBe('4,5');
    expect(await within(controls).findByText('2 chosen')).toBeInTheDocument();
    await pick(user, controls, 'Support unit', 'EUDAT Support');
    expect(new URLSearchParams(router.state.location.search).get('unit')).toBe('5');
  });

  it('links each count to exactly its tickets in the inbox: period, unit or priority, status (for agents)', async () => {
    manager({ is_agent: true, roles: ['Agent', 'Reporting'] });
    renderApp(`/reports?${PERIOD}&priority=3`);
    const sla = await screen.findByRole('region', { name: 'SLA compliance' });
    const units = await within(sla).findByRole('table', { name: 'Per support unit' });
    const eudat = within(units).getByRole('row', { name: /EUDAT Support/ });
    expect(within(eudat).getByText('Advanced')).toBeInTheDocument();
    expect(within(eudat).getByText('80 %')).toBeInTheDocument();
    // Not merged: the reference's states but `merged` (none in the fake: 1, 2, 4).
    const period = 'created=2026-11-01..2026-11-02';
    expect(await within(eudat).findByRole('link', { name: '2: open in the agent inbox' })).toHaveAttribute(
      'href',
      `/agent?view=all&group=4&priority=3&${period}&first_response=breached&state=1%2C2%2C4`,
    );
    const byPriority = within(sla).getByRole('table', { name: 'Per priority' });
    expect(
      within(byPriority)
        .getAllByRole('link', { name: '1: open in the agent inbox' })
        .map((a) => a.getAttribute('href')),
    ).toContain(`/agent?view=all&priority=3&${period}&first_response=breached&state=1%2C2%2C4`);
    const workload = screen.getByRole('region', { name: 'Agent workload' });
    expect(await within(workload).findByRole('link', { name: '5: open in the agent inbox' })).toHaveAttribute(
      'href',
      `/agent?view=all&priority=3&owner=2&${period}&state=1%2C2%2C4`,
    );
    // Created in the period: merged tickets count too, so no state filter.
    const volume = screen.getByRole('region', { name: /Created and closed/ });
    const created = within(volume).getAllByRole('link', { name: /open in the agent inbox/ })[0];
    expect(created).toHaveAttribute('href', `/agent?view=all&priority=3&${period}`);
  });

  it('gives no link where the inbox cannot list exactly the counted tickets (a channel filter)', async () => {
    manager({ is_agent: true, roles: ['Agent', 'Reporting'] });
    renderApp(`/reports?${PERIOD}&channel=email`);
    const sla = await screen.findByRole('region', { name: 'SLA compliance' });
    await within(sla).findByRole('table', { name: 'Per support unit' });
    expect(screen.queryByRole('link', { name: /agent inbox/ })).not.toBeInTheDocument();
  });

  it('shows plain numbers to managers without an inbox', async () => {
    manager();
    renderApp(`/reports?${PERIOD}`);
    const sla = await screen.findByRole('region', { name: 'SLA compliance' });
    await within(sla).findByRole('table', { name: 'Per support unit' });
    expect(within(sla).queryByRole('link', { name: /agent inbox/ })).not.toBeInTheDocument();
  });

  it('keeps the other panels when one fails, with a retry on the failing one', async () => {
    manager();
    server.use(
      http.get('/bff/reports/workload', () => bffError(502, 'upstream_error', 'The helpdesk failed.')),
    );
    renderApp(`/reports?${PERIOD}`);
    const workload = await screen.findByRole('region', { name: 'Agent workload' });
    expect(await within(workload).findByText('The helpdesk failed.')).toBeInTheDocument();
    expect(within(workload).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    const reopen = screen.getByRole('region', { name: 'Reopen rate' });
    expect(await within(reopen).findByText('5 %')).toBeInTheDocument();
  });

  it('tries a failed panel again when the period or filters change', async () => {
    manager();
    server.use(
      http.get('/bff/reports/workload', ({ request }) =>
        new URL(request.url).searchParams.has('group_ids')
          ? HttpResponse.json({
              agents: [{ user_id: 2, name: 'Avery Agent', assigned: 5, answered: 4, closed: 3 }],
            })
          : bffError(502, 'upstream_error', 'The helpdesk failed.'),
      ),
    );
    const { user } = renderApp(`/reports?${PERIOD}`);
    const workload = await screen.findByRole('region', { name: 'Agent workload' });
    expect(await within(workload).findByText('The helpdesk failed.')).toBeInTheDocument();
    const controls = screen.getByRole('region', { name: 'Period and filters' });
    await within(controls).findByRole('checkbox', { name: 'Users', hidden: true });
    await pick(user, controls, 'Support unit', 'Users');
    expect(await within(workload).findByRole('rowheader', { name: 'Avery Agent' })).toBeInTheDocument();
    expect(within(workload).queryByText('The helpdesk failed.')).not.toBeInTheDocument();
  });

  it('is in German too', async () => {
    setLanguage('de');
    manager();
    renderApp(`/reports?${PERIOD}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Berichte' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'SLA-Einhaltung' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Hauptnavigation' })).toHaveTextContent('Berichte');
  });
});

describe('who sees reports', () => {
  it('a Reports link in the navigation for people with reports only', async () => {
    manager({ reports: 'units' });
    const first = renderApp('/help');
    // The help center has its own frame: check the signed-in shell instead.
    first.unmount();
    renderApp(`/reports?${PERIOD}`);
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Reports' })).toHaveAttribute('href', '/reports');
    expect(await screen.findByText(/Your support units/)).toBeInTheDocument();
  });

  it('no link, and Forbidden at /reports, for agents and customers', async () => {
    signInAs(buildAgent());
    renderApp('/reports');
    expect(await screen.findByRole('heading', { name: 'Forbidden' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: 'Reports' })).not.toBeInTheDocument();
  });

  it('Forbidden when the BFF refuses (access changed since sign-in)', async () => {
    manager();
    server.use(http.get('/bff/reports/scope', () => bffError(403, 'forbidden', 'Not authorized (report).')));
    renderApp('/reports');
    expect(await screen.findByRole('heading', { name: 'Forbidden' })).toBeInTheDocument();
  });
});

describe('signing in', () => {
  it('takes a manager who is not an agent to the reports', async () => {
    const user = buildUser({ login: 'manager@example.org', reports: 'all', roles: ['Reporting'] });
    addAccount(user, 'demo-manager-pass');
    const view = renderApp('/login');
    await view.user.type(await screen.findByLabelText('Login or e-mail'), user.login);
    await view.user.type(screen.getByLabelText('Password'), 'demo-manager-pass');
    await view.user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Reports' })).toBeInTheDocument();
    expect(view.router.state.location.pathname).toBe('/reports');
  });
});

describe('printable monthly report', () => {
  it('every panel of the month with its tables open, a print button and the CSV', async () => {
    manager();
    renderApp('/reports/monthly?month=2026-11&unit=4');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Monthly report: November 2026' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Monthly report (CSV, 2026-11)' })).toHaveAttribute(
      'href',
      '/bff/reports/monthly.csv?month=2026-11&group_ids=4',
    );
    const volume = screen.getByRole('region', { name: 'Created and closed' });
    expect(await within(volume).findByRole('table', { name: /Created and closed/ })).toBeVisible();
    expect(within(volume).queryByRole('link', { name: /Download CSV/ })).not.toBeInTheDocument();
  });
});
