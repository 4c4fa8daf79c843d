import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { signInAs } from '@/testing/db';
import { buildAgent } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const admin = () => signInAs(buildAgent({ is_admin: true, roles: ['Admin', 'Agent'] }));

const FAILED = {
  id: 12,
  status: 'failed',
  from: null,
  subject: null,
  size: 40,
  received_at: '2027-01-04T08:00:00Z',
  ticket_id: null,
  reason: 'The mail has no sender address (From).',
  automatic: null,
};
const PROCESSED = {
  ...FAILED,
  id: 11,
  status: 'processed',
  from: 'pat@example.net',
  subject: 'Check-in fails',
  ticket_id: 31,
  reason: null,
};

describe('the e-mail admin page', () => {
  it('shows the addresses with their units, the failed mail with its reason, filters, and processes again', async () => {
    admin();
    const asked: (string | null)[] = [];
    let reprocessed = '';
    server.use(
      http.get('/bff/agent/admin/mail', ({ request }) => {
        const status = new URL(request.url).searchParams.get('status');
        asked.push(status);
        return HttpResponse.json({
          addresses: [
            { id: 1, name: 'EOSC Helpdesk', email: 'support@helpdesk.example.org', active: true, units: [] },
            {
              id: 2,
              name: 'EGI Support',
              email: 'egi-support@helpdesk.example.org',
              active: true,
              units: [{ id: 3, name: 'EGI Support' }],
            },
          ],
          mails: status === 'failed' ? [FAILED] : [FAILED, PROCESSED],
          total: status === 'failed' ? 1 : 2,
          counts: { failed: 1, processed: 1 },
          per_page: 50,
        });
      }),
      http.post('/bff/agent/admin/mail/:id/reprocess', ({ params }) => {
        reprocessed = String(params.id);
        return HttpResponse.json(FAILED);
      }),
    );
    const { user } = renderApp('/agent/admin/mail');
    expect(await screen.findByRole('heading', { level: 1, name: 'E-mail' })).toBeInTheDocument();
    const egi = screen.getByRole('row', { name: /egi-support@helpdesk.example.org/ });
    expect(egi).toHaveTextContent('EGI Support');
    expect(screen.getByRole('row', { name: /^support@helpdesk.example.org/ })).toHaveTextContent(
      'No unit (first line)',
    );

    const processed = screen.getByRole('row', { name: /Check-in fails/ });
    expect(within(processed).getByRole('link', { name: 'Ticket 31' })).toHaveAttribute(
      'href',
      '/agent/tickets/31',
    );
    expect(within(processed).queryByRole('button', { name: /Process mail/ })).not.toBeInTheDocument();
    const failed = screen.getByRole('row', { name: /\(no subject\)/ });
    expect(failed).toHaveTextContent('The mail has no sender address (From).');
    expect(within(failed).getByRole('link', { name: 'Download mail 12 as .eml' })).toHaveAttribute(
      'href',
      '/bff/agent/admin/mail/12/raw',
    );

    await user.click(screen.getByRole('button', { name: 'Failed (1)' }));
    expect(await screen.findByRole('button', { name: 'Failed (1)', pressed: true })).toBeInTheDocument();
    expect(asked).toContain('failed');
    await user.click(screen.getByRole('button', { name: 'Process mail 12 again' }));
    expect(await screen.findByText('Mail 12: Failed.')).toBeInTheDocument();
    expect(reprocessed).toBe('12');
  });
});
