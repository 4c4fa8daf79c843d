import { screen } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

describe('the new-ticket form of the portal', () => {
  it('sends type, service and the suggested priority with an idempotency key', async () => {
    signInAs(buildUser());
    const sent: { body: Record<string, unknown>; key: string | null }[] = [];
    server.use(
      http.post('/bff/tickets', async ({ request }) => {
        sent.push({
          body: (await request.json()) as Record<string, unknown>,
          key: request.headers.get('Idempotency-Key'),
        });
        const ticket = buildTicket({ id: 88, title: 'B2SHARE upload fails' });
        db.tickets.push(ticket);
        return HttpResponse.json(ticket, { status: 201 });
      }),
    );
    const { user, router } = renderApp('/tickets/new');
    await screen.findByRole('option', { name: 'B2SHARE (EUDAT CDI)' });
    await user.selectOptions(screen.getByLabelText('Service'), 'b2share');
    await user.type(screen.getByLabelText('Title'), 'B2SHARE upload fails');
    await user.type(screen.getByLabelText('Message'), 'Uploads stop at 99 %.');
    await user.click(screen.getByLabelText('The service is degraded or interrupted'));
    expect(screen.getByText('Suggested priority: high')).toBeInTheDocument();
    expect(screen.getByText('the service is degraded and there is no workaround.')).toBeInTheDocument();
    await user.click(screen.getByLabelText('There is a workaround'));
    expect(screen.getByText('Suggested priority: normal')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));
    await screen.findByRole('heading', { level: 1, name: 'B2SHARE upload fails' });
    expect(router.state.location.pathname).toBe('/tickets/88');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toMatchObject({
      title: 'B2SHARE upload fails',
      eosc_ticket_type: 'incident',
      eosc_service: 'b2share',
      priority: '2 normal',
    });
    expect(sent[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sessionStorage.getItem('eosc.ticket-draft')).not.toContain('B2SHARE upload fails');
  });

  it('offers matching help-center answers while the title is typed', async () => {
    signInAs(buildUser());
    const { user } = renderApp('/tickets/new');
    await user.type(await screen.findByLabelText('Title'), 'login');
    const link = await screen.findByRole('link', { name: 'How to log in with your institution' });
    expect(link).toHaveAttribute('href', '/help/en-us/answers/5');
    expect(screen.getByText('These answers may already help:')).toBeInTheDocument();
  });

  it('keeps the draft across a reload', async () => {
    signInAs(buildUser());
    const first = renderApp('/tickets/new');
    await first.user.type(await screen.findByLabelText('Title'), 'Quota');
    await first.user.click(screen.getByLabelText(/Service request/));
    first.unmount();
    renderApp('/tickets/new');
    expect(await screen.findByLabelText('Title')).toHaveValue('Quota');
    expect(screen.getByLabelText(/Service request/)).toBeChecked();
    expect(screen.getByText('Suggested priority: normal')).toBeInTheDocument();
  });
});
