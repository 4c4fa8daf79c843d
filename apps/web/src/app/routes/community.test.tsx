import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillEditor } from '@/testing/editor';

beforeAll(() => import('@/components/rich-text-editor-impl'), 30_000);

import { db, signInAs } from '@/testing/db';
import { buildTicket, buildUser } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const service = (key: string, name: string) => ({
  key,
  name,
  provider: 'Astro Lab',
  description: `${name} for astronomers`,
  integration: 'direct' as const,
  mailing_list: null,
  community: '',
});

const portal = {
  id: 4,
  slug: 'astro',
  name: 'Astronomy Community',
  logo_url: 'https://example.org/astro.png',
  primary_color: '#ffd700',
  accent_color: '#003366',
  services: [service('astro-archive', 'Sky Archive'), service('astro-compute', 'Telescope Time')],
  kb_categories: [{ id: 9, parent_id: null, title: 'Observing guides', icon: null, answer_count: 2 }],
};

function servePortal() {
  server.use(
    http.get('/bff/communities/:slug', ({ params }) =>
      params.slug === 'astro' ? HttpResponse.json(portal) : bffError(404, 'not_found', 'No such portal'),
    ),
  );
}

describe('a community portal', () => {
  it("shows the community's name, logo, colours readable on it, services and help topics", async () => {
    servePortal();
    renderApp('/c/astro');
    expect(await screen.findByRole('heading', { level: 1, name: 'Astronomy Community' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Logo of Astronomy Community' })).toHaveAttribute(
      'src',
      'https://example.org/astro.png',
    );
    const page = document.querySelector('.community-page') as HTMLElement;
    expect(page.style.getPropertyValue('--community-primary')).toBe('#ffd700');
    // Gold is light: the banner's text is black, and links on white get a darker gold.
    expect(page.style.getPropertyValue('--community-on-primary')).toBe('#000000');
    expect(page.style.getPropertyValue('--community-link')).not.toBe('#ffd700');
    const services = screen.getByRole('region', { name: 'Our services' });
    expect(
      within(services)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Sky Archive — Sky Archive for astronomers',
      'Telescope Time — Telescope Time for astronomers',
    ]);
    // Its help topics open inside its own help center, under its branding.
    expect(screen.getByRole('link', { name: 'Observing guides' })).toHaveAttribute(
      'href',
      '/c/astro/help/en-us/categories/9',
    );
  });

  it('offers only its services on the new-ticket form and sends the ticket through the community', async () => {
    signInAs(buildUser());
    servePortal();
    let sent: Record<string, unknown> | undefined;
    server.use(
      http.post('/bff/tickets', async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        const ticket = buildTicket({ id: 91, number: '31091', title: String(sent.title), state: 'new' });
        db.tickets.push(ticket);
        db.articles.set(91, []);
        return HttpResponse.json(ticket, { status: 201 });
      }),
    );
    const { user, router } = renderApp('/c/astro/tickets/new');
    const select = await screen.findByLabelText('Service');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose a service', 'Sky Archive (Astro Lab)', 'Telescope Time (Astro Lab)']);
    expect(select).toBeRequired();
    await user.selectOptions(select, 'astro-compute');
    await user.type(screen.getByLabelText('Title'), 'Need more telescope time');
    await fillEditor(user, await screen.findByRole('textbox', { name: 'Message' }), 'Two nights, please.');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));
    await screen.findByRole('heading', { level: 1, name: 'Need more telescope time' });
    expect(sent).toMatchObject({ community: 'astro', eosc_service: 'astro-compute' });
    expect(router.state.location.pathname).toBe('/tickets/91');
  });

  it('says so when there is no such portal', async () => {
    servePortal();
    renderApp('/c/nowhere');
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeInTheDocument();
  });
});
