import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { addAccount, db } from '@/testing/db';
import { buildAgent, buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';

async function signIn(user: ReturnType<typeof renderApp>['user'], login: string, password: string) {
  await user.type(await screen.findByLabelText('Login or e-mail'), login);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginForm', () => {
  it('signs a customer in and lands on their tickets', async () => {
    const customer = buildUser({ login: 'customer@example.org' });
    addAccount(customer, 'secret');
    db.tickets.push(buildTicket({ title: 'VPN does not connect' }));
    const { user, router } = renderApp('/login');

    await signIn(user, 'customer@example.org', 'secret');

    expect(await screen.findByRole('heading', { level: 1, name: 'My tickets' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'VPN does not connect' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
  });

  it('sends agents to the agent inbox', async () => {
    addAccount(buildAgent({ login: 'agent@example.org' }), 'secret');
    const { user, router } = renderApp('/login');

    await signIn(user, 'agent@example.org', 'secret');

    expect(await screen.findByRole('heading', { level: 1, name: 'Agent inbox' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/agent');
  });

  it('returns to the page that was asked for', async () => {
    addAccount(buildUser({ login: 'customer@example.org' }), 'secret');
    const { user, router } = renderApp('/tickets/new');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    await signIn(user, 'customer@example.org', 'secret');

    expect(await screen.findByRole('heading', { level: 1, name: 'New ticket' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/tickets/new');
  });

  it("shows the server's message when the credentials are wrong", async () => {
    addAccount(buildUser({ login: 'customer@example.org' }), 'secret');
    const { user, router } = renderApp('/login');

    await signIn(user, 'customer@example.org', 'wrong');

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong login or password.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    expect(router.state.location.pathname).toBe('/login');
  });
});
