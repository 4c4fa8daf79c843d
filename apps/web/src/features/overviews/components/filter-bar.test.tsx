import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { db, signInAs } from '@/testing/db';
import { buildAgent, buildTicket } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

/** A fake of the BFF's server-side filtering: records each query, filters state and owner. */
function filteringOverview() {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get('/bff/agent/overviews/:link', ({ request }) => {
      const url = new URL(request.url);
      seen.push(url.searchParams);
      const states = url.searchParams.get('state_id')?.split(',').map(Number);
      const owners = url.searchParams.get('owner')?.split(',');
      const items = db.tickets.filter(
        (t) =>
          (!states || states.includes(t.state_id)) &&
          (!owners ||
            owners.some((o) =>
              o === 'none' ? t.owner === null : o === 'me' ? t.owner?.id === 5 : t.owner?.id === Number(o),
            )),
      );
      return HttpResponse.json({
        overview: { id: 1, name: 'Open Tickets', link: 'all_open' },
        items,
        page: 1,
        per_page: 200,
        total_count: items.length,
      });
    }),
  );
  return seen;
}

function seed() {
  signInAs(buildAgent({ id: 5 }));
  db.tickets.push(
    buildTicket({ id: 1, title: 'Open and free', state: 'open', state_id: 2 }),
    buildTicket({
      id: 2,
      title: 'New and mine',
      state: 'new',
      state_id: 1,
      owner: { id: 5, name: 'Avery Agent' },
    }),
    buildTicket({
      id: 3,
      title: 'Open and mine',
      state: 'open',
      state_id: 2,
      owner: { id: 5, name: 'Avery Agent' },
    }),
  );
}

// jsdom lays nothing out: give the inbox's scroll area a height so the virtualiser renders rows.
const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('inbox-scroll') ? 720 : 0;
    },
  });
});
afterAll(() => {
  if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
});
afterEach(() => setLanguage('en'));

describe('inbox filter bar', () => {
  it('filters on the server, shows the count and chips, keeps the filters in the URL, clears', async () => {
    seed();
    const seen = filteringOverview();
    const { user, router } = renderApp('/agent?view=all_open');
    const table = await screen.findByRole('table');
    await within(table).findByText('Open and free');
    const bar = screen.getByRole('region', { name: 'Filters' });
    expect(within(bar).getByRole('status')).toHaveTextContent('3 tickets match');

    await user.click(within(bar).getByText('State', { selector: 'summary' }));
    await user.click(within(bar).getByRole('checkbox', { name: 'open' }));
    await waitFor(() => expect(within(bar).getByRole('status')).toHaveTextContent('2 tickets match'));
    expect(router.state.location.search).toContain('state=2');
    expect(seen.at(-1)?.get('state_id')).toBe('2');
    expect(within(table).queryByText('New and mine')).not.toBeInTheDocument();
    expect(within(bar).getByText('State (1)')).toBeInTheDocument();

    await user.keyboard('{Escape}');
    expect(within(bar).getByText('State (1)', { selector: 'summary' })).toHaveFocus();
    await user.click(within(bar).getByText('Owner', { selector: 'summary' }));
    await user.click(within(bar).getByRole('checkbox', { name: 'Unassigned' }));
    await waitFor(() => expect(within(bar).getByRole('status')).toHaveTextContent('1 ticket matches'));
    expect(seen.at(-1)?.get('owner')).toBe('none');
    const chips = within(bar).getByRole('list', { name: 'Active filters' });
    expect(
      within(chips)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['State: open×', 'Owner: Unassigned×']);

    await user.click(within(bar).getByRole('button', { name: 'Remove filter State: open' }));
    await waitFor(() => expect(seen.at(-1)?.get('state_id')).toBeNull());
    expect(seen.at(-1)?.get('owner')).toBe('none');
    expect(router.state.location.search).not.toContain('state=');

    await user.click(within(bar).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(within(bar).getByRole('status')).toHaveTextContent('3 tickets match'));
    expect(router.state.location.search).toBe('?view=all_open');
    expect(within(bar).queryByRole('list', { name: 'Active filters' })).not.toBeInTheDocument();
  });

  it('takes filters from the URL (bad values dropped), keeps them when sorting, in German too', async () => {
    seed();
    const seen = filteringOverview();
    setLanguage('de');
    const { user, router } = renderApp('/agent?view=all_open&owner=me,someone&state=2&type=question');
    const table = await screen.findByRole('table');
    await within(table).findByText('Open and mine');
    expect(seen.at(-1)?.get('owner')).toBe('me');
    expect(seen.at(-1)?.get('state_id')).toBe('2');
    expect(seen.at(-1)?.get('type')).toBeNull();
    const bar = screen.getByRole('region', { name: 'Filter' });
    expect(within(bar).getByRole('status')).toHaveTextContent('1 Ticket passt');
    await user.click(within(bar).getByText('Bearbeiter (1)', { selector: 'summary' }));
    expect(within(bar).getByRole('checkbox', { name: 'Ich' })).toBeChecked();
    expect(within(bar).getByRole('button', { name: 'Filter Bearbeiter entfernen: Ich' })).toBeInTheDocument();

    await user.click(within(table).getAllByRole('button')[1] as HTMLElement);
    await waitFor(() => expect(router.state.location.search).toContain('sort='));
    expect(router.state.location.search).toContain('owner=me');
    expect(router.state.location.search).toContain('state=2');
  });

  it('hands the loaded rows, in order, to the ticket view for j / k', async () => {
    seed();
    filteringOverview();
    renderApp('/agent?view=all_open&state=2');
    await screen.findByText('Open and mine');
    await waitFor(() =>
      expect(JSON.parse(sessionStorage.getItem('eosc.agent.ticket-list') ?? '{}')).toEqual({
        ids: [1, 3],
        from: '/agent?view=all_open&state=2',
      }),
    );
  });
});
