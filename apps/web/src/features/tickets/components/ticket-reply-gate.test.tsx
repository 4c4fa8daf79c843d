import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';

describe('the reply form follows the follow-up rule', () => {
  it('is offered on open tickets and on closed ones that take follow-ups', async () => {
    signInAs(buildUser());
    db.tickets.push(buildTicket({ id: 21, title: 'Open one' }));
    db.tickets.push(
      buildTicket({ id: 22, title: 'Closed, reopenable', state: 'closed', state_type: 'closed' }),
    );
    const { router } = renderApp('/tickets/21');
    expect(await screen.findByRole('heading', { level: 2, name: 'Reply' })).toBeInTheDocument();
    await router.navigate('/tickets/22');
    expect(await screen.findByRole('button', { name: 'Reopen this ticket' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Reply' })).toBeInTheDocument();
  });

  it('is not offered on a closed ticket whose group wants a new ticket', async () => {
    signInAs(buildUser());
    db.tickets.push(buildTicket({ id: 23, title: 'Closed for good', state: 'closed', state_type: 'closed' }));
    db.followUps.set(23, { possible: false, reopenable: false });
    renderApp('/tickets/23');
    expect(
      await screen.findByRole('heading', { name: 'This request is closed — open a new ticket' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 2, name: 'Reply' })).toBeNull();
  });
});
