import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { TicketRedirect } from '@/lib/tickets/redirect';
import { db, signInAs } from '@/testing/db';
import { buildAgent, buildArticle, buildTicket } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

/* Issue 16: the agent sees a redirected ticket's forward and delivery, and re-sends or takes over. */

const FAILED: TicketRedirect = {
  service: 'zenodo',
  service_name: 'Zenodo',
  provider: 'CERN / OpenAIRE',
  mailing_list: 'support@zenodo.example.org',
  status: 'failed',
  forwards: 1,
  forwarded_at: null,
  delivery_status: 'fail',
  delivery_status_message: '550 5.1.1 <support@zenodo.example.org>: no such list',
  ack_due_at: '2026-12-08T10:00:00.000Z',
  alerted_at: null,
  acknowledged_at: null,
  ended_at: null,
};

function seed() {
  signInAs(buildAgent({ id: 5 }));
  db.tickets.push(buildTicket({ id: 7, number: '31007', title: 'Deposit stuck' }));
  db.articles.set(7, [buildArticle({ body: 'My deposit hangs.' })]);
  db.redirects.set(7, FAILED);
}

describe('the redirect panel', () => {
  it("shows the server's refusal and takes the ticket over", async () => {
    seed();
    const calls: string[] = [];
    server.use(
      http.post('/bff/agent/tickets/:id/redirect/take-over', ({ params }) => {
        calls.push(`take-over ${params.id}`);
        const ended: TicketRedirect = { ...FAILED, status: 'taken_over', ended_at: '2026-12-02T10:00:00Z' };
        db.redirects.set(7, ended);
        return HttpResponse.json({ redirect: ended });
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    const panel = await screen.findByRole('region', { name: 'Redirected to the provider' });
    expect(panel).toHaveTextContent('Forwarded to support@zenodo.example.org (CERN / OpenAIRE)');
    expect(panel).toHaveTextContent('Not delivered: the mail server refused it.');
    expect(panel).toHaveTextContent('The mail server said: 550 5.1.1');

    await user.click(within(panel).getByRole('button', { name: 'Take over' }));
    expect(
      await within(panel).findByText('Redirection ended: the first line took the ticket over.'),
    ).toBeVisible();
    expect(within(panel).getByRole('status')).toHaveTextContent('You took the ticket over');
    expect(within(panel).queryByRole('button', { name: 'Re-send to the list' })).toBeNull();
    expect(calls).toEqual(['take-over 7']);
  });

  it('says when the helpdesk refuses the agent (not first line)', async () => {
    seed();
    server.use(
      http.post('/bff/agent/tickets/:id/redirect/resend', () =>
        bffError(403, 'forbidden', 'Only the first line and admins act on redirected tickets.'),
      ),
    );
    const { user } = renderApp('/agent/tickets/7');
    const panel = await screen.findByRole('region', { name: 'Redirected to the provider' });
    await user.click(within(panel).getByRole('button', { name: 'Re-send to the list' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent('Only the first line and admins');
  });
});
