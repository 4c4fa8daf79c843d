import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { signInAs } from '@/testing/db';
import { buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const note = (id: number, type: string, created_by: string | null, o_id = 123) => ({
  id,
  seen: id !== 1,
  type,
  object: 'Ticket',
  o_id,
  created_by,
  created_at: '2026-11-27T10:00:00Z',
});

function serve() {
  server.use(
    http.get('/bff/notifications', () =>
      HttpResponse.json({
        unread_count: 1,
        items: [
          note(1, 'mention', 'Anna Admin'),
          note(2, 'mention', null, 124),
          note(3, 'escalation', 'system', 125),
          note(4, 'update', null, 126),
          note(5, 'something_new', 'Anna Admin', 127),
        ],
      }),
    ),
  );
}

afterEach(() => setLanguage('en'));

describe('notification bell wording', () => {
  it("names the person and the ticket's number, not the login and the id", async () => {
    signInAs(buildUser());
    server.use(
      http.get('/bff/notifications', () =>
        HttpResponse.json({
          unread_count: 1,
          items: [
            {
              ...note(1, 'mention', 'agent@example.org', 2),
              created_by_name: 'Alex Agent',
              ticket_number: '31002',
              ticket_title: 'Quota for the lab',
            },
          ],
        }),
      ),
    );
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));
    const panel = screen.getByRole('region', { name: 'Notifications' });
    const link = within(panel).getByRole('link', { name: 'Alex Agent mentioned you in ticket #31002' });
    expect(link).toHaveAttribute('href', '/tickets/2');
    expect(panel).toHaveTextContent('Quota for the lab');
    expect(panel).not.toHaveTextContent('agent@example.org');
    expect(panel).not.toHaveTextContent('#2 ');
  });

  it('says who mentioned the agent, and words every kind of notification (English)', async () => {
    signInAs(buildUser());
    serve();
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));
    const panel = screen.getByRole('region', { name: 'Notifications' });
    const links = within(panel)
      .getAllByRole('link')
      .map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Anna Admin mentioned you in ticket #123', '/tickets/123'],
      ['You were mentioned in ticket #124', '/tickets/124'],
      ['Ticket #125 has escalated', '/tickets/125'],
      ['Ticket #126 was updated', '/tickets/126'],
      ['Ticket #127 changed', '/tickets/127'],
    ]);
  });

  it('in German', async () => {
    signInAs(buildUser());
    serve();
    setLanguage('de');
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Benachrichtigungen, 1 ungelesen' }));
    const panel = screen.getByRole('region', { name: 'Benachrichtigungen' });
    expect(
      within(panel).getByRole('link', { name: 'Anna Admin hat Sie in Ticket #123 erwähnt' }),
    ).toBeInTheDocument();
    expect(
      within(panel).getByRole('link', { name: 'Sie wurden in Ticket #124 erwähnt' }),
    ).toBeInTheDocument();
    expect(within(panel).getByRole('link', { name: 'Ticket #125 ist eskaliert' })).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Als gelesen markieren' })).toBeInTheDocument();
  });
});
