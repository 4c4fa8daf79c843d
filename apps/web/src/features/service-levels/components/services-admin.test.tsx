import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { signInAs } from '@/testing/db';
import { buildAgent } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

/* Issue 16: admins set each service's integration mode and contacts on the catalogue page. */

const ZENODO = {
  id: 8,
  key: 'zenodo',
  name: 'Zenodo',
  provider: 'CERN / OpenAIRE',
  description: 'Deposit.',
  group_id: 5,
  integration: 'direct',
  mailing_list: null,
  community: 'OpenAIRE',
  active: true,
};

describe('the service catalogue page', () => {
  it('switches a service to redirect, checks the list first, and shows the helpdesk refusal', async () => {
    signInAs(buildAgent({ is_admin: true, roles: ['Admin', 'Agent'] }));
    const sent: unknown[] = [];
    let refuse = true;
    server.use(
      http.get('/bff/agent/admin/services', () => HttpResponse.json({ items: [ZENODO] })),
      http.put('/bff/agent/admin/services/:id', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        sent.push(body);
        if (refuse)
          return bffError(422, 'invalid', "Invalid value for param 'mailing_list': no such domain.");
        return HttpResponse.json({ ...ZENODO, ...body });
      }),
    );
    const { user } = renderApp('/agent/admin/services');
    const row = (await screen.findByRole('rowheader', { name: 'Zenodo' })).closest('tr') as HTMLElement;
    expect(within(row).getByText('Direct usage')).toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: 'Edit Zenodo' }));

    await user.click(screen.getByRole('radio', { name: /Redirect to mailing list/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    // Checked in the browser first: nothing sent without a list.
    expect(sent).toHaveLength(0);
    const list = screen.getByLabelText('Mailing list');
    expect(list).toHaveAccessibleDescription(/A redirected service needs a mailing list address/);

    await user.type(list, 'support@zenodo.example.org');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('no such domain');
    expect(sent.at(-1)).toMatchObject({
      integration: 'redirect',
      mailing_list: 'support@zenodo.example.org',
    });

    refuse = false;
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('“Zenodo” saved.')).toBeInTheDocument();
  });
});
