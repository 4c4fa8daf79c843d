import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { db, signInAs } from '@/testing/db';
import { fillEditor } from '@/testing/editor';
import { buildAgent, buildArticle, buildTicket } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

beforeAll(() => import('@/components/rich-text-editor-impl'), 30_000);
afterEach(() => setLanguage('en'));

/** First-line triage, a service's unit (second line, with a guide) and its developers (third). */
const reference = {
  states: [{ id: 2, name: 'open', state_type: 'open', active: true }],
  priorities: [{ id: 2, name: '2 normal', active: true, default_create: true }],
  groups: [
    { id: 1, name: 'Users', active: true },
    { id: 3, name: 'EOSC First Line', active: true, support_unit: true, qos_level: 'base', support_line: 1 },
    {
      id: 4,
      name: 'EUDAT Support',
      active: true,
      support_unit: true,
      qos_level: 'advanced',
      support_line: 2,
      assignment_guide: 'B2SHARE, B2DROP and B2FIND only. Name the community.',
    },
    {
      id: 5,
      name: 'B2SHARE developers',
      active: true,
      support_unit: true,
      qos_level: 'base',
      support_line: 3,
    },
  ],
};

function seed(groupId: number, group: string, line: number) {
  signInAs(buildAgent({ id: 5 }));
  db.tickets.push(
    buildTicket({
      id: 7,
      title: 'Upload fails',
      group_id: groupId,
      group,
      unit: { qos_level: line === 2 ? 'advanced' : 'base', support_line: line },
    }),
  );
  db.articles.set(7, [buildArticle({ body: 'Uploads stop at 99 %.' })]);
  const posts: Record<string, unknown>[] = [];
  const patches: unknown[] = [];
  server.use(
    http.get('/bff/reference', () => HttpResponse.json(reference)),
    http.post('/bff/tickets/:id/articles', async ({ request }) => {
      posts.push((await request.json()) as Record<string, unknown>);
      return HttpResponse.json(buildArticle({ body: 'x', internal: true }), { status: 201 });
    }),
    http.patch('/bff/tickets/:id', async ({ request }) => {
      patches.push(await request.json());
      return HttpResponse.json(db.tickets[0]);
    }),
  );
  return { posts, patches };
}

const form = () => within(screen.getByRole('form', { name: 'Reply' }));
const panel = () => within(screen.getByRole('complementary', { name: 'Ticket details' }));

describe('the line guard in the composer', () => {
  it('asks for a summary when moving up a line and sends it as an internal note with the move', async () => {
    const { posts, patches } = seed(3, 'EOSC First Line', 1);
    const { user } = renderApp('/agent/tickets/7');
    await screen.findByRole('form', { name: 'Reply' });
    const group = form().getByRole('combobox', { name: 'Group' });
    await waitFor(() =>
      expect(within(group).getByRole('option', { name: 'EUDAT Support (2nd line)' })).toBeTruthy(),
    );
    await user.selectOptions(group, 'EUDAT Support (2nd line)');

    // The composer becomes the summary: an internal note, explained, with the unit's guide.
    expect(form().getByText(/needs a written summary for its team/)).toBeInTheDocument();
    expect(form().getByRole('radio', { name: 'Public reply' })).toBeDisabled();
    expect(form().getByRole('radio', { name: 'Internal note' })).toBeChecked();
    expect(form().getByRole('note', { name: 'Assigning tickets to EUDAT Support' })).toHaveTextContent(
      'B2SHARE, B2DROP and B2FIND only.',
    );
    const box = screen.getByRole('textbox', { name: 'Summary for EUDAT Support' });
    const send = form().getByRole('button', { name: 'Move with summary' });
    expect(send).toBeDisabled();

    await fillEditor(user, box, 'Upload stops at 99 % for every file above 2 GB; retried twice.');
    await user.click(send);
    expect(await screen.findByText('Moved to EUDAT Support with your note.')).toBeInTheDocument();
    expect(posts).toEqual([
      {
        body: '<p>Upload stops at 99 % for every file above 2 GB; retried twice.</p>',
        content_type: 'text/html',
        internal: true,
        group_id: 4,
      },
    ]);
    expect(patches).toEqual([]);
  });

  it('asks for the reason when sending a ticket back, and shows the desk’s refusal', async () => {
    const { posts } = seed(4, 'EUDAT Support', 2);
    server.use(
      http.post('/bff/tickets/:id/articles', async ({ request }) => {
        posts.push((await request.json()) as Record<string, unknown>);
        return bffError(
          422,
          'invalid',
          'Sending a ticket back to the first line needs a reason in an internal note.',
        );
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    await screen.findByRole('form', { name: 'Reply' });
    const group = form().getByRole('combobox', { name: 'Group' });
    await waitFor(() => expect(within(group).getAllByRole('option').length).toBeGreaterThan(3));
    await user.selectOptions(group, 'EOSC First Line (1st line)');
    expect(
      form().getByText(/Sending the ticket back to EOSC First Line \(1st line\) needs the reason/),
    ).toBeInTheDocument();
    await fillEditor(
      user,
      screen.getByRole('textbox', { name: 'Reason for sending it back to EOSC First Line' }),
      'Not ours',
    );
    await user.click(form().getByRole('button', { name: 'Send back with reason' }));
    expect(
      await screen.findByText('Sending a ticket back to the first line needs a reason in an internal note.'),
    ).toBeInTheDocument();
    expect(posts[0]).toMatchObject({ internal: true, group_id: 3 });
  });

  it('leaves moves within a line, and to groups that are no units, as they were', async () => {
    seed(3, 'EOSC First Line', 1);
    const { user } = renderApp('/agent/tickets/7');
    await screen.findByRole('form', { name: 'Reply' });
    const group = form().getByRole('combobox', { name: 'Group' });
    await waitFor(() => expect(within(group).getAllByRole('option').length).toBeGreaterThan(3));
    await user.selectOptions(group, 'Users');
    expect(form().getByRole('radio', { name: 'Public reply' })).toBeEnabled();
    expect(form().getByRole('button', { name: 'Send reply' })).toBeInTheDocument();
    expect(form().queryByText(/needs a written summary/)).toBeNull();
  });
});

describe('the line guard in the side panel', () => {
  it('shows the unit, and a move up waits for the summary, sent with it in one request', async () => {
    const { posts, patches } = seed(3, 'EOSC First Line', 1);
    const { user } = renderApp('/agent/tickets/7');
    await screen.findByRole('heading', { level: 1, name: 'Upload fails' });
    const unit = panel().getByRole('region', { name: 'Support unit' });
    expect(within(unit).getByText('Base')).toBeInTheDocument();
    expect(within(unit).getByText('1st line')).toBeInTheDocument();

    const group = panel().getByRole('combobox', { name: 'Group' });
    await waitFor(() => expect(within(group).getAllByRole('option').length).toBeGreaterThan(3));
    await user.selectOptions(group, 'EUDAT Support (2nd line)');
    const move = panel().getByRole('form', { name: 'Summary for EUDAT Support' });
    expect(patches).toEqual([]);
    await user.click(within(move).getByRole('button', { name: 'Move with summary' }));
    expect(within(move).getByRole('alert')).toHaveTextContent('Write the note first.');
    expect(posts).toEqual([]);

    await user.type(
      within(move).getByRole('textbox', { name: 'Summary for EUDAT Support' }),
      'Needs B2SHARE.',
    );
    await user.click(within(move).getByRole('button', { name: 'Move with summary' }));
    expect(await panel().findByText('Moved to EUDAT Support with your note.')).toBeInTheDocument();
    expect(posts).toEqual([
      { body: 'Needs B2SHARE.', content_type: 'text/plain', internal: true, group_id: 4 },
    ]);
    expect(patches).toEqual([]);
    expect(panel().queryByRole('form', { name: 'Summary for EUDAT Support' })).toBeNull();
  });

  it('changes the group at once within a line, and can cancel a move across lines', async () => {
    const { patches } = seed(4, 'EUDAT Support', 2);
    const { user } = renderApp('/agent/tickets/7');
    await screen.findByRole('heading', { level: 1, name: 'Upload fails' });
    const group = panel().getByRole('combobox', { name: 'Group' });
    await waitFor(() => expect(within(group).getAllByRole('option').length).toBeGreaterThan(3));
    await user.selectOptions(group, 'B2SHARE developers (3rd line)');
    await user.click(panel().getByRole('button', { name: 'Cancel' }));
    expect(panel().queryByRole('form', { name: /Summary/ })).toBeNull();
    await user.selectOptions(group, 'Users');
    await waitFor(() => expect(patches).toEqual([{ group_id: 1 }]));
  });

  it('tells the moves between lines and the escalation notices in the history', async () => {
    seed(4, 'EUDAT Support', 2);
    const row = (id: number, fields: Record<string, unknown>) => ({
      id,
      at: '2027-01-04T12:00:00Z',
      actor: { id: 5, name: 'Avery Agent' },
      object: 'Ticket',
      type: 'updated',
      attribute: null,
      from: null,
      to: null,
      ...fields,
    });
    server.use(
      http.get('/bff/agent/tickets/:id/history', () =>
        HttpResponse.json({
          items: [
            row(3, { type: 'escalation', attribute: 'escalation_at', to: '2027-01-04T12:00:00.000Z' }),
            row(2, {
              type: 'escalation_warning',
              attribute: 'escalation_at',
              to: '2027-01-04T12:00:00.000Z',
            }),
            row(1, { attribute: 'support_line', from: '1', to: '2' }),
            row(0, { attribute: 'support_line', from: '3', to: '2' }),
          ],
        }),
      ),
    );
    const { user } = renderApp('/agent/tickets/7');
    await user.click(await screen.findByRole('heading', { name: 'History' }));
    const items = await screen.findAllByRole('listitem');
    const text = items.map((li) => li.textContent ?? '').join('\n');
    expect(text).toMatch(/The ticket escalated \(due 4 Jan 2027/);
    expect(text).toMatch(/Escalation warning: 75 % of the time has passed/);
    expect(text).toMatch(/Avery Agent moved the ticket up from the 1st line to the 2nd line/);
    expect(text).toMatch(/Avery Agent sent the ticket back from the 3rd line to the 2nd line/);
  });

  it('speaks German', async () => {
    seed(3, 'EOSC First Line', 1);
    setLanguage('de');
    const { user } = renderApp('/agent/tickets/7');
    const [group] = await screen.findAllByRole('combobox', { name: 'Gruppe' });
    if (!group) throw new Error('no group picker');
    await waitFor(() => expect(within(group).getAllByRole('option').length).toBeGreaterThan(3));
    expect(
      within(group).getByRole('option', { name: 'EUDAT Support (2. Supportebene)' }),
    ).toBeInTheDocument();
    await user.selectOptions(group, 'EUDAT Support (2. Supportebene)');
    expect(screen.getAllByText(/braucht das Team eine schriftliche Zusammenfassung/).length).toBeGreaterThan(
      0,
    );
  });
});
