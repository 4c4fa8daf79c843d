import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { db, signInAs } from '@/testing/db';
import { buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';

/*
 * Issue 16: before submitting, the new-ticket form says what will happen to the request for the
 * service chosen; a forwarded request's page says where it went.
 */

afterEach(() => setLanguage('en'));

describe('what happens to a request', () => {
  it('tells, before submitting, where the request for the chosen service goes', async () => {
    signInAs(buildUser());
    const { user } = renderApp('/tickets/new');
    await screen.findByRole('option', { name: 'Zenodo (CERN / OpenAIRE)' });
    const select = screen.getByLabelText('Service');
    const notice = document.getElementById(select.getAttribute('aria-describedby') ?? '');
    expect(notice).toHaveTextContent('our first-line support team reads your request');

    await user.selectOptions(select, 'zenodo');
    expect(notice).toHaveTextContent(
      'Your request will be forwarded to the mailing list of CERN / OpenAIRE (support@zenodo.example.org)',
    );
    expect(notice).toHaveTextContent('Replies reach you here and by e-mail.');
    expect(notice).toHaveAttribute('aria-live', 'polite');

    await user.selectOptions(select, 'b2share');
    expect(notice).toHaveTextContent('Your request goes to the EUDAT CDI support team in this helpdesk');

    setLanguage('de');
    await user.selectOptions(select, 'zenodo');
    expect(await screen.findByText(/Mailingliste von CERN \/ OpenAIRE/)).toBe(notice);
  });

  it("shows on the ticket that it was forwarded to the provider's list", async () => {
    signInAs(buildUser());
    const ticket = buildTicket({ id: 91, title: 'Deposit stuck' });
    db.tickets.push(ticket);
    db.redirects.set(91, {
      service: 'zenodo',
      service_name: 'Zenodo',
      provider: 'CERN / OpenAIRE',
      mailing_list: 'support@zenodo.example.org',
      status: 'forwarded',
      forwards: 1,
      forwarded_at: '2026-12-01T10:00:00.000Z',
      delivery_status: 'success',
      delivery_status_message: null,
      ack_due_at: '2026-12-08T10:00:00.000Z',
      alerted_at: null,
      acknowledged_at: null,
      ended_at: null,
    });
    renderApp('/tickets/91');
    const section = await screen.findByRole('region', { name: 'Forwarded to the service provider' });
    expect(section).toHaveTextContent(
      'Your request was forwarded to the mailing list of CERN / OpenAIRE (support@zenodo.example.org)',
    );
  });
});
