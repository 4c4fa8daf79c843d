import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '@/app/providers';
import { setLanguage } from '@/lib/i18n';
import { createQueryClient } from '@/lib/query-client';
import { bffError } from '@/testing/handlers';
import { server } from '@/testing/server';
import { BulkBar } from './bulk-bar';

const TICKETS = [
  { id: 11, number: '50011', title: 'Storage full' },
  { id: 12, number: '50012', title: 'Storage still full' },
  { id: 13, number: '50013', title: 'Quota?' },
];

function renderBar(selected = [11, 12, 13]) {
  const onDone = vi.fn();
  const user = userEvent.setup();
  render(
    <AppProviders queryClient={createQueryClient({ retry: false })}>
      <BulkBar selected={selected} tickets={TICKETS} me={5} onDone={onDone} />
    </AppProviders>,
  );
  return { user, onDone };
}

describe('bulk bar', () => {
  it('merges the other selected tickets into the chosen one, in sequence, reporting failures', async () => {
    const calls: { id: string; target: string }[] = [];
    server.use(
      http.post('/bff/agent/tickets/:id/merge', async ({ params, request }) => {
        const { target_number } = (await request.json()) as { target_number: string };
        calls.push({ id: String(params.id), target: target_number });
        if (params.id === '13') return bffError(422, 'invalid', 'The ticket is already merged.');
        return HttpResponse.json({});
      }),
    );
    const { user, onDone } = renderBar();
    await user.click(screen.getByRole('button', { name: 'Merge into…' }));
    const dialog = screen.getByRole('dialog', { name: 'Merge tickets' });
    const confirm = within(dialog).getByRole('button', { name: /^Merge/ });
    expect(confirm).toBeDisabled();
    await user.click(within(dialog).getByRole('radio', { name: /#50012 Storage still full/ }));
    expect(confirm).toHaveAccessibleName('Merge 2 into #50012');
    await user.click(confirm);

    expect(await screen.findByText('1 merged into #50012; 1 failed:')).toBeInTheDocument();
    expect(screen.getByText('#50013: The ticket is already merged.')).toBeInTheDocument();
    expect(calls).toEqual([
      { id: '11', target: '50012' },
      { id: '13', target: '50012' },
    ]);
    expect(onDone).toHaveBeenCalled();
  });

  it('merges into a ticket outside the selection, by number', async () => {
    const calls: string[] = [];
    server.use(
      http.post('/bff/agent/tickets/:id/merge', ({ params }) => {
        calls.push(String(params.id));
        return HttpResponse.json({});
      }),
    );
    const { user } = renderBar([11, 12]);
    await user.click(screen.getByRole('button', { name: 'Merge into…' }));
    const dialog = screen.getByRole('dialog', { name: 'Merge tickets' });
    await user.click(within(dialog).getByRole('radio', { name: 'Another ticket, by number' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Ticket number' }), '40001');
    await user.click(within(dialog).getByRole('button', { name: 'Merge 2 into #40001' }));
    expect(await screen.findByText('2 tickets merged into #40001.')).toBeInTheDocument();
    expect(calls).toEqual(['11', '12']);
  });

  it('adds and removes a tag on every selected ticket', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post('/bff/agent/tickets/bulk-tags', async ({ request }) => {
        const body = (await request.json()) as { ticket_ids: number[] };
        bodies.push(body);
        return HttpResponse.json({ items: body.ticket_ids.map(() => ({})) });
      }),
    );
    const { user } = renderBar([11, 12]);
    const input = screen.getByRole('textbox', { name: 'Tag to add or remove' });
    await user.type(input, 'eudat');
    await user.click(screen.getByRole('button', { name: 'Add tag' }));
    expect(await screen.findByText('Tag added: 2 tickets changed.')).toBeInTheDocument();
    expect(input).toHaveValue('');
    await user.type(input, 'eudat{Enter}');
    expect(await screen.findAllByText(/Tag added/)).toHaveLength(1);
    await user.type(input, 'b2share');
    await user.click(screen.getByRole('button', { name: 'Remove tag' }));
    expect(await screen.findByText('Tag removed: 2 tickets changed.')).toBeInTheDocument();
    expect(bodies).toEqual([
      { ticket_ids: [11, 12], add: ['eudat'], remove: [] },
      { ticket_ids: [11, 12], add: ['eudat'], remove: [] },
      { ticket_ids: [11, 12], add: [], remove: ['b2share'] },
    ]);
  });

  it('refuses moves across lines of support, naming the tickets, and moves within a line', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.get('/bff/reference', () =>
        HttpResponse.json({
          states: [],
          priorities: [],
          groups: [
            { id: 3, name: 'EOSC First Line', active: true, support_unit: true, support_line: 1 },
            { id: 4, name: 'EUDAT Support', active: true, support_unit: true, support_line: 2 },
            { id: 6, name: 'EGI Support', active: true, support_unit: true, support_line: 2 },
          ],
        }),
      ),
      http.post('/bff/agent/tickets/bulk', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ items: [] });
      }),
    );
    const onDone = vi.fn();
    const user = userEvent.setup();
    const tickets = [
      { id: 11, number: '50011', title: 'Storage full', group_id: 3 },
      { id: 12, number: '50012', title: 'Storage still full', group_id: 4 },
    ];
    const { rerender } = render(
      <AppProviders queryClient={createQueryClient({ retry: false })}>
        <BulkBar selected={[11, 12]} tickets={tickets} me={5} onDone={onDone} />
      </AppProviders>,
    );
    const move = screen.getByRole('combobox', { name: 'Move to group' });
    await screen.findByRole('option', { name: 'EGI Support (2nd line)' });
    await user.selectOptions(move, 'EGI Support (2nd line)');
    expect(
      await screen.findByText(/Nothing was moved: ticket #50011 would change its line of support/),
    ).toBeInTheDocument();
    expect(bodies).toEqual([]);

    rerender(
      <AppProviders queryClient={createQueryClient({ retry: false })}>
        <BulkBar selected={[12]} tickets={tickets} me={5} onDone={onDone} />
      </AppProviders>,
    );
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Move to group' }),
      'EGI Support (2nd line)',
    );
    await waitFor(() => expect(bodies).toEqual([{ ticket_ids: [12], group_id: 6 }]));
  });

  it('speaks German', async () => {
    setLanguage('de');
    try {
      const { user } = renderBar([11, 12]);
      const bar = screen.getByRole('region', { name: 'Sammelaktionen' });
      expect(bar).toHaveTextContent('2 ausgewählt');
      expect(within(bar).getByRole('button', { name: 'Tag entfernen' })).toBeDisabled();
      await user.click(within(bar).getByRole('button', { name: 'Zusammenführen in…' }));
      expect(screen.getByRole('dialog', { name: 'Tickets zusammenführen' })).toBeInTheDocument();
      expect(screen.getByRole('radio', { name: 'Ein anderes Ticket, per Nummer' })).toBeInTheDocument();
    } finally {
      setLanguage('en');
    }
  });
});
