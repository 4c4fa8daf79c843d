import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18next } from '@/lib/i18n';
import { REFERENCE } from '@/testing/agent-handlers';
import { db, signInAs } from '@/testing/db';
import { buildAgent, buildArticle, buildTicket } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

function seed() {
  signInAs(buildAgent({ id: 5 }));
  db.tickets.push(
    buildTicket({ id: 7, number: '31007', title: 'Quota', organization: { id: 3, name: 'CERN' } }),
  );
  db.tickets.push(
    buildTicket({ id: 8, number: '31008', title: 'Older one', state: 'closed', state_type: 'closed' }),
  );
  db.tickets.push(
    buildTicket({ id: 9, number: '31009', title: 'Someone else', customer: { id: 200, name: 'Dana' } }),
  );
  db.articles.set(7, [buildArticle({ body: 'Please raise it.' })]);
}

afterEach(async () => {
  await i18next.changeLanguage('en');
  vi.unstubAllGlobals();
});

describe('the side panel', () => {
  it('shows the customer, their other tickets with state and count, and the organization', async () => {
    seed();
    renderApp('/agent/tickets/7');
    const panel = await screen.findByRole('complementary', { name: 'Ticket details' });
    expect(await within(panel).findByRole('link', { name: 'casey@example.org' })).toHaveAttribute(
      'href',
      'mailto:casey@example.org',
    );
    expect(within(panel).getByText('CERN')).toBeInTheDocument();
    const others = within(panel).getByRole('region', { name: 'Other tickets of the customer' });
    expect(within(others).getByText('1 other ticket')).toBeInTheDocument();
    const link = within(others).getByRole('link', { name: '#31008 Older one' });
    expect(link).toHaveAttribute('href', '/agent/tickets/8');
    expect(others).toHaveTextContent('closed');
    expect(others).not.toHaveTextContent('Someone else');
  });

  it('offers no merged or removed state in the State select', async () => {
    seed();
    server.use(
      http.get('/bff/reference', () =>
        HttpResponse.json({
          ...REFERENCE,
          states: [
            ...REFERENCE.states,
            { id: 5, name: 'merged', state_type: 'merged', active: true },
            { id: 6, name: 'removed', state_type: 'removed', active: true },
          ],
        }),
      ),
    );
    renderApp('/agent/tickets/7');
    const panel = await screen.findByRole('complementary', { name: 'Ticket details' });
    const select = within(panel).getByRole('combobox', { name: 'State' });
    await waitFor(() => expect(within(select).getAllByRole('option')).toHaveLength(3));
    const names = within(select)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(names).toEqual(['new', 'open', 'closed']);
  });

  it('names the standard states and priorities in German', async () => {
    seed();
    await i18next.changeLanguage('de');
    renderApp('/agent/tickets/7');
    const panel = await screen.findByRole('complementary', { name: 'Ticketdetails' });
    const states = within(panel).getByRole('combobox', { name: 'Status' });
    await waitFor(() =>
      expect(
        within(states)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['neu', 'offen', 'geschlossen']),
    );
  });

  it('says so when the context fails, and retries', async () => {
    seed();
    let calls = 0;
    server.use(
      http.get('/bff/agent/tickets/:id/context', () => {
        calls += 1;
        return HttpResponse.json(
          { error: 'down', code: 'upstream_unavailable', request_id: 'r' },
          { status: 503 },
        );
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    expect(await screen.findByText(/The customer’s tickets could not be loaded/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(calls).toBe(2));
  });

  it('adds a link by number with a type and removes it', async () => {
    seed();
    const posted: unknown[] = [];
    const deleted: string[] = [];
    let links: unknown[] = [];
    server.use(
      http.get('/bff/agent/tickets/:id/context', () =>
        HttpResponse.json({
          customer: null,
          organization: null,
          other_tickets: { items: [], total_count: 0 },
          links,
        }),
      ),
      http.post('/bff/agent/tickets/:id/links', async ({ request }) => {
        posted.push(await request.json());
        links = [{ type: 'parent', ticket: db.tickets[1] }];
        return HttpResponse.json({ links });
      }),
      http.delete('/bff/agent/tickets/:id/links', ({ request }) => {
        deleted.push(new URL(request.url).search);
        links = [];
        return HttpResponse.json({ links });
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    const section = await screen.findByRole('region', { name: 'Linked tickets' });
    expect(within(section).getByText('No linked tickets.')).toBeInTheDocument();
    await user.type(within(section).getByRole('textbox', { name: 'Ticket number to link' }), '31008');
    await user.selectOptions(within(section).getByRole('combobox', { name: 'Link type' }), 'parent');
    await user.click(within(section).getByRole('button', { name: 'Link' }));
    expect(await within(section).findByRole('link', { name: '#31008 Older one' })).toBeInTheDocument();
    expect(within(section).getByText('Parent', { selector: '.badge' })).toBeInTheDocument();
    expect(posted).toEqual([{ number: '31008', type: 'parent' }]);
    expect(await screen.findByText('Ticket #31008 linked.')).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Remove the link to ticket #31008' }));
    expect(await within(section).findByText('No linked tickets.')).toBeInTheDocument();
    expect(deleted).toEqual(['?ticket_id=8&type=parent']);
  });

  it('shows a refused link as a message', async () => {
    seed();
    server.use(
      http.post('/bff/agent/tickets/:id/links', () =>
        HttpResponse.json(
          { error: 'The object could not be found.', code: 'invalid', request_id: 'r' },
          { status: 422 },
        ),
      ),
    );
    const { user } = renderApp('/agent/tickets/7');
    const links = await screen.findByRole('region', { name: 'Linked tickets' });
    await user.type(within(links).getByRole('textbox', { name: 'Ticket number to link' }), '999');
    await user.click(within(links).getByRole('button', { name: 'Link' }));
    expect(await screen.findByText('The object could not be found.')).toBeInTheDocument();
  });

  it('opens the history, newest first, as sentences (English and German)', async () => {
    seed();
    let calls = 0;
    server.use(
      http.get('/bff/agent/tickets/:id/history', () => {
        calls += 1;
        return HttpResponse.json({
          items: [
            {
              id: 3,
              at: '2026-11-21T10:00:00Z',
              actor: { id: 5, name: 'Avery Agent' },
              object: 'Ticket',
              type: 'updated',
              attribute: 'state',
              from: 'new',
              to: 'open',
            },
            {
              id: 1,
              at: '2026-11-20T09:30:00Z',
              actor: { id: 100, name: 'Casey Customer' },
              object: 'Ticket',
              type: 'created',
              attribute: null,
              from: null,
              to: null,
            },
          ],
        });
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    const summary = await screen.findByRole('heading', { name: 'History' });
    expect(calls).toBe(0); // loaded when opened
    await user.click(summary);
    const items = await screen.findAllByText(/Avery Agent changed|Casey Customer created/);
    expect(items.map((i) => i.closest('li')?.textContent?.replace(/^.*?\d{2}:\d{2}\s*/, ''))).toEqual([
      'Avery Agent changed the state from new to open',
      'Casey Customer created the ticket',
    ]);
    await i18next.changeLanguage('de');
    expect(
      await screen.findByText(/Avery Agent hat den Status von new auf open geändert/),
    ).toBeInTheDocument();
    expect(screen.getByRole('complementary', { name: 'Ticketdetails' })).toBeInTheDocument();
  });
});
