import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildAgent, buildArticle, buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

// jsdom lays nothing out: give the inbox's scroll area a height so the virtualiser has a viewport.
const VIEWPORT = 720;
const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('inbox-scroll') ? VIEWPORT : 0;
    },
  });
});
afterAll(() => {
  if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
});

function manyTickets(n: number) {
  for (let i = 1; i <= n; i++)
    db.tickets.push(buildTicket({ id: i, number: String(40000 + i), title: `Ticket no ${i}` }));
}

describe('agent inbox', () => {
  it('shows overviews with counts and opens a ticket from the table', async () => {
    const agent = signInAs(buildAgent());
    db.tickets.push(
      buildTicket({
        id: 8,
        number: '31008',
        title: 'Storage full',
        customer: { id: 4, name: 'Casey Customer' },
      }),
    );
    db.articles.set(8, [buildArticle({ body: 'Our project storage is full.' })]);
    const { user } = renderApp('/agent');

    const nav = await screen.findByRole('navigation', { name: 'Overviews' });
    expect(within(nav).getByRole('link', { name: /Open Tickets/ })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: /Open Tickets/ })).toHaveAccessibleName(
      /Open Tickets, 1 ticket$/,
    );
    const row = await screen.findByRole('row', { name: /Storage full/ });
    expect(within(row).getByText('Casey Customer')).toBeInTheDocument();
    expect(agent.is_agent).toBe(true);

    await user.click(within(row).getByRole('link', { name: 'Storage full' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Storage full' })).toBeInTheDocument();
  });

  it('renders only the rows in view out of 10,000, fetching pages as needed', async () => {
    signInAs(buildAgent());
    manyTickets(10_000);
    const pages: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.url.includes('/bff/agent/overviews/')) pages.push(new URL(request.url).search);
    });
    renderApp('/agent');

    await screen.findByRole('row', { name: /Ticket no 1\b/ });
    const rows = screen.getAllByRole('row').filter((r) => r.getAttribute('aria-rowindex'));
    // 20 rows fit the viewport, plus overscan: far fewer than the 200 loaded or 10,000 in all.
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(50);
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '10001');
    expect(pages).toHaveLength(1);
    server.events.removeAllListeners();
  });

  it('asks the server to sort when a column header is clicked', async () => {
    signInAs(buildAgent());
    db.tickets.push(buildTicket({ id: 1, title: 'Alpha' }), buildTicket({ id: 2, title: 'Beta' }));
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.url.includes('/bff/agent/overviews/')) seen.push(new URL(request.url).search);
    });
    const { user } = renderApp('/agent');
    await screen.findByRole('row', { name: /Alpha/ });

    await user.click(screen.getByRole('button', { name: /^Title/ }));
    await waitFor(() => expect(seen.at(-1)).toContain('sort_by=title&order=asc'));
    await user.click(screen.getByRole('button', { name: /^Title/ }));
    await waitFor(() => expect(seen.at(-1)).toContain('sort_by=title&order=desc'));
    const titles = (await screen.findAllByRole('link', { name: /Alpha|Beta/ })).map((a) => a.textContent);
    expect(titles).toEqual(['Beta', 'Alpha']);
    expect(screen.getByRole('columnheader', { name: /Title/ })).toHaveAttribute('aria-sort', 'descending');
    server.events.removeAllListeners();
  });

  it('bulk-assigns the selected tickets to the agent', async () => {
    const agent = signInAs(buildAgent({ id: 5 }));
    db.tickets.push(
      buildTicket({ id: 1, number: '1', title: 'One' }),
      buildTicket({ id: 2, number: '2', title: 'Two' }),
      buildTicket({ id: 3, number: '3', title: 'Three' }),
    );
    let sent: unknown;
    server.use(
      http.post('/bff/agent/tickets/bulk', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ items: [] });
      }),
    );
    const { user } = renderApp('/agent');
    await user.click(await screen.findByRole('checkbox', { name: 'Select ticket 1' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select ticket 3' }));
    expect(screen.getByRole('region', { name: 'Bulk actions' })).toHaveTextContent('2 selected');
    await user.click(screen.getByRole('button', { name: 'Assign to me' }));
    await waitFor(() => expect(sent).toEqual({ ticket_ids: [1, 3], owner_id: agent.id }));
    expect(await screen.findByText(/Assigned to you/)).toBeInTheDocument();
  });

  it('moves with j/k, selects with x, assigns with a and shows help with ?', async () => {
    signInAs(buildAgent({ id: 5 }));
    db.tickets.push(buildTicket({ id: 1, title: 'One' }), buildTicket({ id: 2, title: 'Two' }));
    let sent: unknown;
    server.use(
      http.post('/bff/agent/tickets/bulk', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ items: [] });
      }),
    );
    const { user } = renderApp('/agent');
    await screen.findByRole('row', { name: /Two/ });
    await user.keyboard('jj');
    expect(screen.getByRole('row', { name: /Two/ })).toHaveAttribute('data-active', 'true');
    await user.keyboard('k');
    expect(screen.getByRole('row', { name: /One/ })).toHaveAttribute('data-active', 'true');
    await user.keyboard('x');
    expect(screen.getByRole('checkbox', { name: /Select ticket .*/, checked: true })).toBeInTheDocument();
    await user.keyboard('a');
    await waitFor(() => expect(sent).toEqual({ ticket_ids: [1], owner_id: 5 }));
    await user.keyboard('?');
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
  });

  it('closes with c at once, and the notice undoes it back to each previous state', async () => {
    signInAs(buildAgent({ id: 5 }));
    db.tickets.push(
      buildTicket({ id: 1, number: '50001', title: 'One' }),
      buildTicket({ id: 2, number: '50002', title: 'Two', state: 'new', state_id: 1, state_type: 'new' }),
    );
    const sent: unknown[] = [];
    server.use(
      http.post('/bff/agent/tickets/bulk', async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json({ items: [] });
      }),
    );
    const { user } = renderApp('/agent');
    await screen.findByRole('row', { name: /Two/ });
    await user.keyboard('j');
    expect(screen.getByRole('row', { name: /One/ })).toHaveAttribute('data-active', 'true');
    await user.keyboard('c');
    await waitFor(() => expect(sent).toEqual([{ ticket_ids: [1], state_id: 4 }]));
    const notice = await screen.findByText('Ticket #50001 closed.');
    expect(notice.closest('[aria-live="polite"]')).not.toBeNull();
    await user.click(within(notice).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(sent.at(-1)).toEqual({ ticket_ids: [1], state_id: 2 }));
    expect(await screen.findByText('Closing undone.')).toBeInTheDocument();
    // several at once: one notice, each ticket back to its own state
    sent.length = 0;
    await user.keyboard('x');
    await user.keyboard('j');
    await user.keyboard('x');
    await user.keyboard('c');
    await waitFor(() => expect(sent).toEqual([{ ticket_ids: [1, 2], state_id: 4 }]));
    const many = await screen.findByText('2 tickets closed.');
    await user.click(within(many).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(sent).toHaveLength(3));
    expect(sent.slice(1)).toEqual(
      expect.arrayContaining([
        { ticket_ids: [1], state_id: 2 },
        { ticket_ids: [2], state_id: 1 },
      ]),
    );
  });

  it('searches with / and lists the matches', async () => {
    signInAs(buildAgent());
    db.tickets.push(buildTicket({ id: 1, title: 'Storage full' }));
    const searches: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname === '/bff/tickets') searches.push(new URL(request.url).search);
    });
    const { user } = renderApp('/agent');
    await screen.findByRole('row', { name: /Storage full/ });
    await user.keyboard('/');
    expect(screen.getByRole('searchbox', { name: 'Search tickets' })).toHaveFocus();
    await user.keyboard('storage{Enter}');
    expect(await screen.findByRole('heading', { level: 2, name: 'Search: storage' })).toBeInTheDocument();
    expect(await screen.findByRole('row', { name: /Storage full/ })).toBeInTheDocument();
    expect(searches.at(-1)).toContain('q=storage');
    server.events.removeAllListeners();
  });

  it('refreshes the counts when the event stream reports changed tickets', async () => {
    class FakeEventSource extends EventTarget {
      static last: FakeEventSource | undefined;
      constructor(readonly url: string) {
        super();
        FakeEventSource.last = this;
      }
      close() {}
    }
    vi.stubGlobal('EventSource', FakeEventSource);
    signInAs(buildAgent());
    db.tickets.push(buildTicket({ id: 1, title: 'One' }));
    renderApp('/agent');
    const nav = await screen.findByRole('navigation', { name: 'Overviews' });
    expect(within(nav).getByRole('link', { name: /Open Tickets/ })).toHaveAccessibleName(
      /Open Tickets, 1 ticket$/,
    );
    expect(FakeEventSource.last?.url).toBe('/bff/events');

    db.tickets.push(buildTicket({ id: 2, title: 'Two' }));
    FakeEventSource.last?.dispatchEvent(new Event('tickets'));
    await waitFor(() =>
      expect(within(nav).getByRole('link', { name: /Open Tickets/ })).toHaveAccessibleName(
        /Open Tickets, 2 tickets$/,
      ),
    );
    expect(await screen.findByRole('row', { name: /Two/ })).toBeInTheDocument();
    vi.unstubAllGlobals();
  });

  it('keeps the chosen columns', async () => {
    signInAs(buildAgent());
    db.tickets.push(buildTicket({ id: 1, title: 'One', group: 'Users' }));
    const { user } = renderApp('/agent');
    await screen.findByRole('row', { name: /One/ });
    expect(screen.queryByRole('columnheader', { name: /Group/ })).not.toBeInTheDocument();
    await user.click(screen.getByText('Columns'));
    await user.click(screen.getByRole('checkbox', { name: 'Group' }));
    expect(screen.getByRole('columnheader', { name: /Group/ })).toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem('eosc.inbox.columns') ?? '[]')).toContain('group');
    localStorage.clear();
  });

  it('is forbidden to customers', async () => {
    signInAs(buildUser());
    renderApp('/agent');

    expect(await screen.findByRole('heading', { name: 'Forbidden' })).toBeInTheDocument();
  });
});
