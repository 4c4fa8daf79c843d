import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

function ticketTitles(): string[] {
  const list = document.querySelector<HTMLElement>('ul.ticket-list');
  if (!list) return [];
  return within(list)
    .getAllByRole('listitem')
    .map((item) => within(item).getAllByRole('link')[0]?.textContent ?? '');
}

/** Records the query of every list request the page makes. */
function recordListRequests(): URLSearchParams[] {
  const seen: URLSearchParams[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname === '/bff/tickets' && request.method === 'GET') seen.push(url.searchParams);
  });
  return seen;
}

describe('My tickets: filters, search and paging', () => {
  it('filters by state through the URL, and Back returns to the previous filter', async () => {
    signInAs(buildUser());
    db.tickets.push(
      buildTicket({ title: 'Working one', state: 'open', state_type: 'open' }),
      buildTicket({ title: 'Needs my answer', state: 'pending reminder', state_type: 'pending reminder' }),
      buildTicket({ title: 'Done one', state: 'closed', state_type: 'closed' }),
    );
    const requests = recordListRequests();
    const { user, router } = renderApp('/');
    await screen.findByText('Working one');
    expect(ticketTitles()).toHaveLength(3);
    const states = screen.getByRole('navigation', { name: 'Filter by state' });
    expect(within(states).getByRole('link', { name: 'All' })).toHaveAttribute('aria-current', 'page');

    await user.click(within(states).getByRole('link', { name: 'Waiting for you' }));
    await waitFor(() => expect(ticketTitles()).toEqual(['Needs my answer']));
    expect(router.state.location.search).toBe('?state=waiting');
    expect(within(states).getByRole('link', { name: 'Waiting for you' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(screen.getByText('Waiting for your reply')).toBeInTheDocument();
    expect(requests.at(-1)?.get('state')).toBe('waiting');

    await user.click(within(states).getByRole('link', { name: 'Closed' }));
    await waitFor(() => expect(ticketTitles()).toEqual(['Done one']));
    expect(screen.getByText('Solved — closed')).toBeInTheDocument();

    await router.navigate(-1);
    await waitFor(() => expect(ticketTitles()).toEqual(['Needs my answer']));
  });

  it('searches after a pause in typing, one request for the words, and keeps the search in the URL', async () => {
    signInAs(buildUser());
    db.tickets.push(
      buildTicket({ title: 'Quota for project X' }),
      buildTicket({ title: 'Login fails' }),
      buildTicket({ title: 'More quota please' }),
    );
    const requests = recordListRequests();
    const { user, router } = renderApp('/');
    await screen.findByText('Login fails');
    const before = requests.length;

    await user.type(screen.getByRole('searchbox', { name: 'Search your tickets' }), 'quota');
    await waitFor(() => expect(ticketTitles()).toEqual(['Quota for project X', 'More quota please']));
    expect(router.state.location.search).toBe('?q=quota');
    // a pause in typing sends a request, not every key (a slow machine may pause mid-word)
    const searched = requests.slice(before).map((q) => q.get('q'));
    expect(searched.length).toBeLessThan('quota'.length);
    expect(searched.at(-1)).toBe('quota');
    expect(screen.getByRole('searchbox')).toHaveFocus();

    await user.clear(screen.getByRole('searchbox'));
    await user.type(screen.getByRole('searchbox'), 'printer{Enter}');
    expect(await screen.findByText('No tickets match “printer”.')).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Clear the search' }));
    await waitFor(() => expect(ticketTitles()).toHaveLength(3));
    await waitFor(() => expect(screen.getByRole('searchbox')).toHaveValue(''));
  });

  it('pages on the server, 25 a page, with counts', async () => {
    signInAs(buildUser());
    for (let i = 1; i <= 30; i++) {
      db.tickets.push(
        buildTicket({ title: `Request ${i}`, updated_at: `2026-11-${String(i).padStart(2, '0')}T08:00:00Z` }),
      );
    }
    const requests = recordListRequests();
    const { user, router } = renderApp('/');
    await screen.findByText('Request 30');
    expect(ticketTitles()).toHaveLength(25);
    expect(ticketTitles()[0]).toBe('Request 30');
    expect(screen.getByText('Showing 1–25 of 30')).toBeInTheDocument();
    expect(screen.getByText('Page 1 of 2')).toBeInTheDocument();
    expect(requests.at(-1)?.get('per_page')).toBe('25');

    await user.click(screen.getByRole('link', { name: 'Older' }));
    await waitFor(() => expect(ticketTitles()).toHaveLength(5));
    expect(router.state.location.search).toBe('?page=2');
    expect(screen.getByText('Showing 26–30 of 30')).toBeInTheDocument();
    expect(requests.at(-1)?.get('page')).toBe('2');
    expect(screen.queryByRole('link', { name: 'Older' })).toBeNull();
  });

  it("offers My organization's tickets only in a shared organization, and asks the server for them", async () => {
    signInAs(buildUser());
    const mine = buildTicket({ title: 'My own request', customer: { id: 1, name: 'Casey Customer' } });
    const colleagues = buildTicket({
      title: "A colleague's request",
      customer: { id: 2, name: 'Robin Colleague' },
    });
    server.use(
      http.get('/bff/tickets', ({ request }) => {
        const scope = new URL(request.url).searchParams.get('scope');
        const items = scope === 'organization' ? [mine, colleagues] : [mine];
        return HttpResponse.json({
          items,
          page: 1,
          per_page: 25,
          has_more: false,
          total_count: items.length,
          shared_organization: true,
        });
      }),
    );
    const { user, router } = renderApp('/');
    await screen.findByText('My own request');
    const scope = screen.getByRole('navigation', { name: 'Whose tickets' });
    expect(within(scope).getByRole('link', { name: 'My tickets' })).toHaveAttribute('aria-current', 'page');

    await user.click(within(scope).getByRole('link', { name: "My organization's tickets" }));
    expect(await screen.findByText("A colleague's request")).toBeInTheDocument();
    expect(router.state.location.search).toBe('?scope=organization');
    expect(screen.getByRole('heading', { level: 1, name: "My organization's tickets" })).toBeInTheDocument();
    expect(screen.getByText('Asked by Robin Colleague')).toBeInTheDocument();
  });

  it('explains an empty filter and offers to show all', async () => {
    signInAs(buildUser());
    db.tickets.push(buildTicket({ title: 'Working one' }));
    const { user } = renderApp('/?state=closed');
    expect(await screen.findByText('No tickets match these filters.')).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Show all tickets' }));
    expect(await screen.findByText('Working one')).toBeInTheDocument();
  });
});
