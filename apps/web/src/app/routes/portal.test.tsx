import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { addAccount, db, signInAs } from '@/testing/db';
import { fillEditor } from '@/testing/editor';
import { buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';

/** The list of tickets (the page also has lists of filter links). */
function ticketList(): HTMLElement {
  const list = document.querySelector<HTMLElement>('ul.ticket-list');
  if (!list) throw new Error('no ticket list');
  return list;
}

describe('portal', () => {
  it('sends people who are not signed in to the sign-in page', async () => {
    const { router } = renderApp('/');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
  });

  it("lists the customer's tickets, most recent activity first, with the state in plain words", async () => {
    signInAs(buildUser());
    db.tickets.push(
      buildTicket({ number: '31001', title: 'Older question', updated_at: '2026-11-01T10:00:00Z' }),
      buildTicket({
        number: '31002',
        title: 'Newer question',
        state: 'new',
        state_type: 'new',
        updated_at: '2026-11-02T10:00:00Z',
      }),
    );
    renderApp('/');

    await screen.findByText('Newer question');
    const items = within(ticketList()).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByRole('link').textContent)).toEqual([
      'Newer question',
      'Older question',
    ]);
    expect(items[0]).toHaveTextContent('#31002');
    expect(items[0]).toHaveTextContent('Received');
    expect(items[1]).toHaveTextContent("We're working on it");
    expect(within(items[0] as HTMLElement).getByText(/2026|Nov/)).toHaveAttribute(
      'datetime',
      '2026-11-02T10:00:00Z',
    );
    expect(screen.getByText('2 tickets')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New ticket' })).toHaveAttribute('href', '/tickets/new');
    // no organization switch when the organization is not shared
    expect(screen.queryByRole('navigation', { name: 'Whose tickets' })).toBeNull();
  });

  it('says so when there are no tickets, and points to the help center and a new ticket', async () => {
    signInAs(buildUser());
    renderApp('/');

    expect(await screen.findByText('You have no tickets yet.')).toBeInTheDocument();
    expect(screen.getByText('You have no tickets yet.').closest('[role="status"]')).not.toBeNull();
    expect(screen.getByRole('link', { name: 'Browse the help center' })).toHaveAttribute('href', '/help');
    expect(screen.getByRole('link', { name: 'Open a ticket' })).toHaveAttribute('href', '/tickets/new');
  });

  it('signs out and returns to the sign-in page', async () => {
    signInAs(buildUser());
    const { user, router } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(db.sessionUser).toBeNull();
  });

  it('returns to the sign-in page when the session expires, then comes back', async () => {
    const customer = signInAs(buildUser({ login: 'customer@example.org' }));
    addAccount(customer, 'secret');
    const { user, router } = renderApp('/tickets/new');
    await user.type(await screen.findByLabelText('Title'), 'Printer on fire');
    await fillEditor(user, await screen.findByRole('textbox', { name: 'Message' }), 'Really.');
    db.sessionUser = null;

    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    expect(await screen.findByText('Your session has ended. Please sign in again.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    await user.type(screen.getByLabelText('Login or e-mail'), 'customer@example.org');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'New ticket' })).toBeInTheDocument();
  });

  it('shows Not found for unknown pages', async () => {
    signInAs(buildUser());
    renderApp('/no/such/page');

    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeInTheDocument();
  });
});
