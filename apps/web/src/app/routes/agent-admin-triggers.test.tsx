import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { signInAs } from '@/testing/db';
import { buildAgent } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const admin = () => signInAs(buildAgent({ is_admin: true, roles: ['Admin', 'Agent'] }));

const AUTO_REPLY = {
  id: 1,
  name: 'auto reply (on new tickets)',
  active: true,
  note: null,
  execution_condition_mode: 'selective',
  condition: {
    'ticket.action': { operator: 'is', value: 'create' },
    'article.sender_id': { operator: 'is', value: ['2'] },
  },
  perform: {
    'notification.email': {
      recipient: ['article_last_sender'],
      subject: 'Thanks for your inquiry (#{ticket.title})',
      body: '<p>Received.</p>',
      internal: false,
    },
  },
  other_actions: [],
  updated_at: '2027-01-01T00:00:00.000Z',
};

const HOOK = {
  id: 5,
  name: 'Incident bus',
  endpoint: 'https://bus.example.org/zammad',
  active: true,
  ssl_verify: true,
  signature_token: '**********',
  basic_auth_username: null,
  basic_auth_password: null,
  bearer_token: null,
  customized_payload: false,
  custom_payload: null,
  note: null,
};

describe('triggers page', () => {
  it('creates a trigger from conditions and actions, with a live preview, and activates one', async () => {
    admin();
    const posts: Record<string, unknown>[] = [];
    const puts: Record<string, unknown>[] = [];
    const previews: unknown[] = [];
    server.use(
      http.get('/bff/agent/admin/triggers', () => HttpResponse.json({ items: [AUTO_REPLY] })),
      http.get('/bff/agent/admin/webhooks', () => HttpResponse.json({ items: [HOOK] })),
      http.post('/bff/agent/admin/triggers/preview', async ({ request }) => {
        const body = (await request.json()) as { condition: Record<string, unknown> };
        previews.push(body.condition);
        return HttpResponse.json({
          total: 2,
          tickets: [{ id: 41, number: '31041', title: 'Storage full' }],
          ignored: Object.keys(body.condition).filter((k) => k === 'ticket.action'),
        });
      }),
      http.post('/bff/agent/admin/triggers', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        posts.push(body);
        if (posts.length === 1)
          return bffError(422, 'invalid', "Invalid perform: 'ticket.state_id' names no record");
        return HttpResponse.json({ ...AUTO_REPLY, ...body, id: 2, other_actions: [] }, { status: 201 });
      }),
      http.put('/bff/agent/admin/triggers/:id', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        puts.push(body);
        return HttpResponse.json({ ...AUTO_REPLY, ...body });
      }),
    );
    const { user } = renderApp('/agent/admin/triggers');
    expect(await screen.findByRole('heading', { level: 1, name: 'Triggers' })).toBeInTheDocument();
    const row = screen.getByRole('row', { name: /auto reply \(on new tickets\)/ });
    expect(row).toHaveTextContent('Active');
    expect(row).toHaveTextContent('e-mail');

    await user.click(within(row).getByRole('button', { name: 'Deactivate auto reply (on new tickets)' }));
    expect(await screen.findByText('“auto reply (on new tickets)” saved.')).toBeInTheDocument();
    expect(puts[0]).toMatchObject({ name: 'auto reply (on new tickets)', active: false });

    await user.click(screen.getByRole('button', { name: 'New trigger' }));
    const form = screen.getByRole('form', { name: 'New trigger' });
    // Nothing chosen yet: the form says what is missing and sends nothing.
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Please correct the marked fields.');
    expect(within(form).getByText('Choose at least one action.')).toBeInTheDocument();
    expect(posts).toHaveLength(0);

    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Tag storage tickets');
    await user.click(within(form).getByRole('button', { name: 'Add condition' }));
    await user.selectOptions(
      within(form).getByRole('combobox', { name: 'Condition 1: Attribute' }),
      'ticket.title',
    );
    await user.selectOptions(
      within(form).getByRole('combobox', { name: 'Condition 1: Operator' }),
      'contains',
    );
    await user.type(within(form).getByRole('textbox', { name: 'Condition 1: Value' }), 'storage');
    // The preview follows the conditions once they are complete.
    expect(
      await within(form).findByText('2 open tickets match the ticket conditions now.'),
    ).toBeInTheDocument();
    expect(within(form).getByRole('link', { name: '#31041 Storage full' })).toHaveAttribute(
      'href',
      '/agent/tickets/41',
    );
    await vi.waitFor(() =>
      expect(previews).toContainEqual({ 'ticket.title': { operator: 'contains', value: 'storage' } }),
    );

    await user.selectOptions(within(form).getByRole('combobox', { name: 'Set priority' }), '3');
    await user.type(within(form).getByRole('textbox', { name: 'Add tags' }), 'storage, quota');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Call a webhook' }), '5');
    await user.click(within(form).getByRole('checkbox', { name: 'Send an e-mail' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByText('The e-mail needs a subject.')).toBeInTheDocument();
    await user.type(within(form).getByRole('textbox', { name: 'Subject' }), 'About #{{ticket.title}');
    await user.type(within(form).getByRole('textbox', { name: 'Text (HTML)' }), 'We saw it.');

    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('names no record');
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveValue('Tag storage tickets');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('“Tag storage tickets” saved.')).toBeInTheDocument();
    expect(posts[1]).toEqual({
      name: 'Tag storage tickets',
      active: true,
      note: null,
      execution_condition_mode: 'selective',
      condition: { 'ticket.title': { operator: 'contains', value: 'storage' } },
      perform: {
        'ticket.priority_id': { value: '3' },
        'ticket.tags': { operator: 'add', value: 'storage, quota' },
        'notification.email': {
          recipient: ['ticket_customer'],
          subject: 'About #{ticket.title}',
          body: 'We saw it.',
          internal: false,
        },
        'notification.webhook': { webhook_id: 5 },
      },
    });
  });

  it('is forbidden without the permission', async () => {
    signInAs(buildAgent());
    server.use(http.get('/bff/agent/admin/triggers', () => bffError(403, 'forbidden', 'Not authorized')));
    renderApp('/agent/admin/triggers');
    expect(await screen.findByRole('heading', { name: 'Forbidden' })).toBeInTheDocument();
  });
});

describe('webhooks page', () => {
  it('creates a webhook, keeps a masked token, shows the delivery log, and deletes', async () => {
    admin();
    const posts: Record<string, unknown>[] = [];
    const puts: Record<string, unknown>[] = [];
    let deleted = false;
    server.use(
      http.get('/bff/agent/admin/webhooks', () => HttpResponse.json({ items: deleted ? [] : [HOOK] })),
      http.post('/bff/agent/admin/webhooks', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        posts.push(body);
        if (posts.length === 1)
          return bffError(
            422,
            'invalid',
            'Invalid endpoint: 10.0.0.1 is a private, loopback or reserved address.',
          );
        return HttpResponse.json({ ...HOOK, ...body, id: 6 }, { status: 201 });
      }),
      http.put('/bff/agent/admin/webhooks/:id', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        puts.push(body);
        return HttpResponse.json({ ...HOOK, ...body });
      }),
      http.delete('/bff/agent/admin/webhooks/:id', () => {
        deleted = true;
        return new HttpResponse(null, { status: 204 });
      }),
      http.get('/bff/agent/admin/webhooks/:id/deliveries', () =>
        HttpResponse.json({
          items: [
            {
              id: 2,
              delivery_id: 'b7f0',
              ticket_id: 41,
              trigger_id: 1,
              attempt: 2,
              status_code: 200,
              error: null,
              response_excerpt: 'thanks',
              duration_ms: 12,
              created_at: '2027-01-01T10:01:00.000Z',
            },
            {
              id: 1,
              delivery_id: 'b7f0',
              ticket_id: 41,
              trigger_id: 1,
              attempt: 1,
              status_code: 500,
              error: 'HTTP 500',
              response_excerpt: 'broken',
              duration_ms: 9,
              created_at: '2027-01-01T10:00:00.000Z',
            },
          ],
        }),
      ),
    );
    const { user } = renderApp('/agent/admin/webhooks');
    expect(await screen.findByRole('heading', { level: 1, name: 'Webhooks' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New webhook' }));
    let form = screen.getByRole('form', { name: 'New webhook' });
    const endpoint = within(form).getByRole('textbox', { name: 'Endpoint' });
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Ticket mirror');
    await user.clear(endpoint);
    await user.type(endpoint, 'ftp://x');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(endpoint).toHaveAccessibleDescription(/Enter an http or https URL./);
    expect(posts).toHaveLength(0);
    await user.clear(endpoint);
    await user.type(endpoint, 'https://10.0.0.1/hook');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('private, loopback or reserved');
    expect(endpoint).toHaveAttribute('aria-invalid', 'true');
    await user.clear(endpoint);
    await user.type(endpoint, 'https://mirror.example.org/hook');
    await user.type(within(form).getByRole('textbox', { name: 'Signature token' }), 's3cret');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('“Ticket mirror” saved.')).toBeInTheDocument();
    expect(posts[1]).toMatchObject({
      name: 'Ticket mirror',
      endpoint: 'https://mirror.example.org/hook',
      signature_token: 's3cret',
      ssl_verify: true,
    });

    await user.click(screen.getByRole('button', { name: 'Edit Incident bus' }));
    form = screen.getByRole('form', { name: 'Webhook: Incident bus' });
    expect(within(form).getByRole('textbox', { name: 'Signature token' })).toHaveValue('**********');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('“Incident bus” saved.')).toBeInTheDocument();
    expect(puts[0]).toMatchObject({ signature_token: '**********' });

    await user.click(screen.getByRole('button', { name: 'Delivery log of Incident bus' }));
    const log = await screen.findByRole('table', { name: 'Delivery log: Incident bus' });
    const rows = within(log).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Delivered (200)');
    expect(rows[1]).toHaveTextContent('Failed: HTTP 500');
    expect(within(rows[1] as HTMLElement).getByRole('link', { name: '#41' })).toHaveAttribute(
      'href',
      '/agent/tickets/41',
    );
    await user.click(screen.getByRole('button', { name: 'Close' }));

    vi.spyOn(window, 'confirm').mockReturnValue(true);
    await user.click(screen.getByRole('button', { name: 'Delete Incident bus' }));
    await vi.waitFor(() => expect(deleted).toBe(true));
    expect(await screen.findByText('“Incident bus” deleted.')).toBeInTheDocument();
  });
});
