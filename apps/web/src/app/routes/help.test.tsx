import { act, screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { signInAs } from '@/testing/db';
import { buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

describe('the help center', () => {
  it('is public: the home shows the search and the topics with counts', async () => {
    renderApp('/help');
    expect(await screen.findByRole('heading', { level: 1, name: 'Help Center' })).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search the help center' })).toBeInTheDocument();
    const topics = screen.getByRole('region', { name: 'Topics' });
    expect(within(topics).getByRole('link', { name: 'Getting started with EOSC' })).toHaveAttribute(
      'href',
      '/help/en-us/categories/1',
    );
    expect(within(topics).getByText('2 articles')).toBeInTheDocument();
    expect(within(topics).getByText('1 article')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
  });

  it('searches and shows the matches highlighted', async () => {
    const { user, router } = renderApp('/help');
    await user.type(await screen.findByRole('searchbox'), 'login{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Results for “login”' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/help/search');
    const link = screen.getByRole('link', { name: 'How to log in with your institution' });
    expect(link).toHaveAttribute('href', '/help/en-us/answers/5');
    const em = screen.getAllByText('login', { selector: 'em' });
    expect(em.length).toBeGreaterThan(0);
  });

  it('renders an answer without scripts or remote images', async () => {
    renderApp('/help/en-us/answers/5');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'How to log in with your institution' }),
    ).toBeInTheDocument();
    expect(screen.getByText('EOSC services use federated login.')).toBeInTheDocument();
    expect(document.querySelector('.kb-answer script')).toBeNull();
    expect(document.querySelector('.kb-answer img')).toBeNull();
    const crumbs = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(within(crumbs).getByRole('link', { name: 'Accounts and access (AAI)' })).toHaveAttribute(
      'href',
      '/help/en-us/categories/2',
    );
  });

  it('shows Not found for a missing answer or an unknown locale', async () => {
    renderApp('/help/en-us/answers/999');
    expect(await screen.findByText('This page of the help center does not exist.')).toBeInTheDocument();
  });

  it('switches to German', async () => {
    const { user } = renderApp('/help');
    await screen.findByRole('heading', { level: 1, name: 'Help Center' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'de');
    expect(await screen.findByRole('heading', { level: 1, name: 'Hilfe-Center' })).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Im Hilfe-Center suchen' })).toBeInTheDocument();
    act(() => setLanguage('en'));
  });

  it('links to my tickets for a signed-in person', async () => {
    signInAs(buildUser());
    renderApp('/help');
    expect(await screen.findByRole('link', { name: 'My tickets' })).toHaveAttribute('href', '/');
    expect(screen.queryByRole('link', { name: 'Sign in' })).toBeNull();
  });
});

describe('the notification bell', () => {
  it('shows the unread count and marks a notification read', async () => {
    signInAs(buildUser());
    let unread = [
      {
        id: 9,
        seen: false,
        type: 'update',
        object: 'Ticket',
        o_id: 42,
        created_by: 'agent@example.org',
        created_at: '2026-11-27T10:00:00Z',
      },
    ];
    const marked: string[] = [];
    server.use(
      http.get('/bff/notifications', () =>
        HttpResponse.json({ unread_count: unread.filter((n) => !n.seen).length, items: unread }),
      ),
      http.post('/bff/notifications/:id/read', ({ params }) => {
        marked.push(String(params.id));
        unread = unread.map((n) => ({ ...n, seen: true }));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp('/');
    const bell = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    await user.click(bell);
    expect(screen.getByRole('link', { name: 'agent@example.org updated ticket #42' })).toHaveAttribute(
      'href',
      '/tickets/42',
    );
    await user.click(screen.getByRole('button', { name: 'Mark read' }));
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument();
    expect(marked).toEqual(['9']);
  });
});
