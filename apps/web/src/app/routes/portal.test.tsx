import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { addAccount, db, signInAs } from '@/testing/db';
import { buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';

describe('portal', () => {
  it('sends people who are not signed in to the sign-in page', async () => {
    const { router } = renderApp('/');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
  });

  it("lists the customer's tickets, newest activity first", async () => {
    signInAs(buildUser());
    db.tickets.push(
      buildTicket({ number: '31001', title: 'Older question', updated_at: '2026-11-01T10:00:00Z' }),
      buildTicket({
        number: '31002',
        title: 'Newer question',
        state: 'new',
        updated_at: '2026-11-02T10:00:00Z',
      }),
    );
    renderApp('/');

    const list = await screen.findByRole('list');
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByRole('link').textContent)).toEqual([
      'Newer question',
      'Older question',
    ]);
    expect(items[0]).toHaveTextContent('#31002');
    expect(items[0]).toHaveTextContent('new');
    expect(within(items[0] as HTMLElement).getByText(/2026|Nov/)).toHaveAttribute(
      'datetime',
      '2026-11-02T10:00:00Z',
    );
    expect(screen.getByRole('link', { name: 'New ticket' })).toHaveAttribute('href', '/tickets/new');
  });

  it('says so when there are no tickets', async () => {
    signInAs(buildUser());
    renderApp('/');

    expect(await screen.findByText('You have no tickets yet.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('You have no tickets yet.');
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
    await user.type(screen.getByLabelText('Message'), 'Really.');
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
