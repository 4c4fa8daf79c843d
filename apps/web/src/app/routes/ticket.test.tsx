import { screen } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildArticle, buildTicket, buildUser } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

describe('ticket page', () => {
  it('shows the ticket and its articles, HTML bodies sanitised', async () => {
    signInAs(buildUser());
    db.tickets.push(buildTicket({ id: 5, number: '31005', title: 'Quota increase' }));
    db.articles.set(5, [
      buildArticle({ body: 'Please raise my quota.' }),
      buildArticle({
        content_type: 'text/html',
        sender: 'Agent',
        from: 'Avery Agent',
        body: '<p>Done.</p><p>Regards<br>Avery</p><img src="x" onerror="alert(1)"><script>alert(2)</script>',
      }),
    ]);
    const { container } = renderApp('/tickets/5');

    expect(await screen.findByRole('heading', { level: 1, name: 'Quota increase' })).toBeInTheDocument();
    expect(screen.getByText('Ticket #31005')).toBeInTheDocument();
    expect(screen.getByText('Please raise my quota.')).toBeInTheDocument();
    expect(screen.getByText('Done.').tagName).toBe('P');
    expect(screen.getByText(/Regards/)).toBeInTheDocument();
    expect(container.querySelector('script, [onerror]')).toBeNull();
    expect(screen.queryByText(/alert/)).toBeNull();
  });

  it('shows Not found when the BFF says 404', async () => {
    signInAs(buildUser());
    renderApp('/tickets/999');

    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });

  it('shows Forbidden when the BFF says 403', async () => {
    signInAs(buildUser());
    server.use(http.get('/bff/tickets/:id', () => bffError(403, 'forbidden', 'Not yours.')));
    renderApp('/tickets/3');

    expect(await screen.findByRole('heading', { name: 'Forbidden' })).toBeInTheDocument();
  });

  it('shows Not found for an id that cannot be a ticket, without asking the BFF', async () => {
    signInAs(buildUser());
    server.use(http.get('/bff/tickets/:id', () => HttpResponse.error()));
    renderApp('/tickets/abc');

    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeInTheDocument();
  });

  it('shows a generic error with the request id when the BFF fails', async () => {
    signInAs(buildUser());
    server.use(
      http.get('/bff/tickets/:id', () => bffError(502, 'upstream_error', 'The helpdesk is unavailable.')),
    );
    renderApp('/tickets/3');

    expect(await screen.findByRole('heading', { name: 'Something went wrong' })).toBeInTheDocument();
    expect(screen.getByText('The helpdesk is unavailable.')).toBeInTheDocument();
    expect(screen.getByText('Reference: req-upstream_error')).toBeInTheDocument();
  });
});
