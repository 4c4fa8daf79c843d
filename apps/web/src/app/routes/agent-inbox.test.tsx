import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildAgent, buildArticle, buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';

describe('agent inbox', () => {
  it("lists the agent's tickets in a table linking to the agent ticket view", async () => {
    signInAs(buildAgent());
    db.tickets.push(
      buildTicket({
        id: 8,
        number: '31008',
        title: 'Storage full',
        customer: { id: 4, name: 'Casey Customer' },
        priority: '3 high',
        group: 'Users',
      }),
    );
    db.articles.set(8, [buildArticle({ body: 'Our project storage is full.' })]);
    const { user } = renderApp('/agent');

    const table = await screen.findByRole('table', { name: 'Tickets in your groups' });
    const row = within(table).getByRole('row', { name: /Storage full/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['31008', 'Storage full', 'Casey Customer', 'open', '3 high', 'Users', expect.any(String)]);

    await user.click(within(row).getByRole('link', { name: 'Storage full' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Storage full' })).toBeInTheDocument();
    expect(screen.getByText('Our project storage is full.')).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Agent inbox' })).toBeInTheDocument();
  });

  it('is forbidden to customers', async () => {
    signInAs(buildUser());
    renderApp('/agent');

    expect(await screen.findByRole('heading', { name: 'Forbidden' })).toBeInTheDocument();
  });
});
