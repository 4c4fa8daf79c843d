import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { saveTicketList } from '@/lib/ticket-list';
import { db, signInAs } from '@/testing/db';
import { buildAgent, buildArticle, buildTicket } from '@/testing/factories';
import { renderApp } from '@/testing/render';

function seed() {
  signInAs(buildAgent({ id: 5 }));
  for (const [id, title] of [
    [7, 'Quota'],
    [8, 'VPN down'],
    [9, 'Password reset'],
  ] as const) {
    db.tickets.push(buildTicket({ id, title }));
    db.articles.set(id, [buildArticle({ body: `About ${title}` })]);
  }
}

const heading = (name: string) => screen.findByRole('heading', { level: 1, name });

afterEach(() => setLanguage('en'));

describe('stepping through the list from the ticket view', () => {
  it('goes to the next and previous ticket with j / k and the buttons, within the list', async () => {
    seed();
    saveTicketList({ ids: [7, 8, 9], from: '/agent?view=all_open&state=2' });
    const { user, router } = renderApp('/agent/tickets/8');
    await heading('VPN down');
    const nav = screen.getByRole('navigation', { name: 'Tickets of the list' });
    expect(within(nav).getByText('Ticket 2 of 3')).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Back to the list' })).toHaveAttribute(
      'href',
      '/agent?view=all_open&state=2',
    );
    expect(within(nav).getByRole('link', { name: 'Previous ticket' })).toHaveAttribute(
      'href',
      '/agent/tickets/7',
    );

    await user.keyboard('j');
    await heading('Password reset');
    expect(router.state.location.pathname).toBe('/agent/tickets/9');
    const last = screen.getByRole('navigation', { name: 'Tickets of the list' });
    expect(within(last).getByRole('button', { name: 'Next ticket' })).toBeDisabled();
    await user.keyboard('j');
    expect(router.state.location.pathname).toBe('/agent/tickets/9');

    await user.keyboard('k');
    await heading('VPN down');
    await user.click(
      within(screen.getByRole('navigation', { name: 'Tickets of the list' })).getByRole('link', {
        name: 'Previous ticket',
      }),
    );
    await heading('Quota');
    expect(
      within(screen.getByRole('navigation', { name: 'Tickets of the list' })).getByRole('button', {
        name: 'Previous ticket',
      }),
    ).toBeDisabled();
  });

  it('does not step while typing, and lists j / k in the shortcut help, translated', async () => {
    seed();
    saveTicketList({ ids: [7, 8, 9], from: '/agent' });
    setLanguage('de');
    const { user, router } = renderApp('/agent/tickets/8');
    await heading('VPN down');
    const field = document.createElement('input');
    document.body.append(field);
    fireEvent.keyDown(field, { key: 'j' });
    expect(router.state.location.pathname).toBe('/agent/tickets/8');
    field.remove();

    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('j / k')).toBeInTheDocument();
    expect(within(dialog).getByText('Nächstes / vorheriges Ticket der Liste')).toBeInTheDocument();
    expect(within(dialog).queryByText(/ticketView\./)).not.toBeInTheDocument();
  });

  it('offers no stepping when the ticket was opened directly', async () => {
    seed();
    saveTicketList({ ids: [1, 2], from: '/agent' });
    const { user, router } = renderApp('/agent/tickets/8');
    await heading('VPN down');
    expect(screen.queryByRole('navigation', { name: 'Tickets of the list' })).not.toBeInTheDocument();
    await user.keyboard('j');
    await waitFor(() => expect(router.state.location.pathname).toBe('/agent/tickets/8'));
  });
});
