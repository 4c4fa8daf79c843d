import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { i18next } from '@/lib/i18n';
import { signInAs } from '@/testing/db';
import { buildAgent, buildUser } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const row = (mine: boolean, nobody: boolean, subscribed: boolean) => ({
  criteria: { owned_by_me: mine, owned_by_nobody: nobody, subscribed, no: false },
  channel: { email: true, online: true },
});
const defaults = () => ({
  create: row(true, true, true),
  update: row(true, true, true),
  reminder_reached: row(true, false, false),
  escalation: row(true, false, false),
});

const AGENT_SETTINGS = {
  kind: 'agent',
  matrix: defaults(),
  group_ids: [],
  groups: [
    { id: 1, name: 'Users' },
    { id: 7, name: 'EUDAT Support' },
  ],
  customer: null,
};

describe('profile page: notification settings', () => {
  it('lets an agent turn off new-ticket e-mails and limit to a group, then reset to the defaults', async () => {
    signInAs(buildAgent());
    const puts: Record<string, unknown>[] = [];
    server.use(
      http.get('/bff/profile/notifications', () => HttpResponse.json(AGENT_SETTINGS)),
      http.put('/bff/profile/notifications', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        puts.push(body);
        if (puts.length === 1) return bffError(502, 'upstream_error', 'The helpdesk could not be used');
        return HttpResponse.json({ ...AGENT_SETTINGS, ...body });
      }),
      http.post('/bff/profile/notifications/reset', () =>
        HttpResponse.json({ ...AGENT_SETTINGS, group_ids: [7] }),
      ),
    );
    const { user } = renderApp('/profile#notifications');
    expect(await screen.findByRole('heading', { level: 1, name: 'My profile' })).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Notifications per event' });
    const newTicket = within(table).getByRole('row', { name: /New ticket/ });
    expect(
      within(newTicket)
        .getAllByRole('checkbox')
        .map((c) => (c as HTMLInputElement).checked),
    ).toEqual([true, true, true, false, true, true]);

    await user.click(screen.getByRole('checkbox', { name: 'New ticket: E-mail' }));
    await user.click(screen.getByRole('checkbox', { name: 'EUDAT Support' }));
    await user.click(screen.getByRole('button', { name: 'Save notification settings' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The helpdesk could not be used');

    await user.click(screen.getByRole('button', { name: 'Save notification settings' }));
    expect(await screen.findByText('Your notification settings are saved.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const sent = puts[1] as { matrix: ReturnType<typeof defaults>; group_ids: number[] };
    expect(sent.matrix.create.channel).toEqual({ email: false, online: true });
    expect(sent.matrix.update).toEqual(defaults().update);
    expect(sent.group_ids).toEqual([7]);
    expect(screen.getByRole('checkbox', { name: 'New ticket: E-mail' })).not.toBeChecked();

    await user.click(screen.getByRole('button', { name: 'Reset to defaults' }));
    expect(
      await screen.findByText('Your notification settings are back to the defaults.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'New ticket: E-mail' })).toBeChecked();
  });

  it('gives a customer two switches, in German too, and saves them', async () => {
    signInAs(buildUser());
    const puts: unknown[] = [];
    server.use(
      http.get('/bff/profile/notifications', () =>
        HttpResponse.json({
          kind: 'customer',
          matrix: null,
          group_ids: [],
          groups: [],
          customer: { reply: true, state: true },
        }),
      ),
      http.put('/bff/profile/notifications', async ({ request }) => {
        const body = (await request.json()) as { customer: { reply: boolean; state: boolean } };
        puts.push(body);
        return HttpResponse.json({
          kind: 'customer',
          matrix: null,
          group_ids: [],
          groups: [],
          customer: body.customer,
        });
      }),
    );
    await i18next.changeLanguage('de');
    try {
      const { user } = renderApp('/profile');
      expect(
        await screen.findByRole('heading', { level: 2, name: 'Benachrichtigungen' }),
      ).toBeInTheDocument();
      expect(screen.queryByRole('table')).not.toBeInTheDocument();
      const state = screen.getByRole('switch', {
        name: 'E-Mail, wenn sich der Status meiner Anfrage ändert',
      });
      expect(state).toBeChecked();
      await user.click(state);
      await user.click(screen.getByRole('button', { name: 'Benachrichtigungseinstellungen speichern' }));
      expect(
        await screen.findByText('Ihre Benachrichtigungseinstellungen sind gespeichert.'),
      ).toBeInTheDocument();
      expect(puts).toEqual([{ customer: { reply: true, state: false } }]);
    } finally {
      await i18next.changeLanguage('en');
    }
  });

  it('is linked from the account name in the header', async () => {
    signInAs(buildUser());
    server.use(
      http.get('/bff/profile/notifications', () =>
        HttpResponse.json({
          kind: 'customer',
          matrix: null,
          group_ids: [],
          groups: [],
          customer: { reply: true, state: true },
        }),
      ),
    );
    const { user, router } = renderApp('/');
    await user.click(
      await screen.findByRole('link', { name: /My profile and notification settings \(Casey Customer\)/ }),
    );
    expect(router.state.location.pathname).toBe('/profile');
    expect(router.state.location.hash).toBe('#notifications');
    expect(
      await screen.findByRole('switch', { name: 'E-mail me when an agent answers my request' }),
    ).toBeChecked();
  });
});
