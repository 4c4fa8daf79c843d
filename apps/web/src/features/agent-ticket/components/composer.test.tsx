import { File } from 'node:buffer';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { delay, HttpResponse, http } from 'msw';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { i18next } from '@/lib/i18n';
import { db, signInAs } from '@/testing/db';
import { fillEditor } from '@/testing/editor';
import { buildAgent, buildArticle, buildTicket } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import { uploads, useNodeFormData } from '@/testing/upload-handlers';

beforeAll(() => import('@/components/rich-text-editor-impl'), 30_000);
afterEach(() => {
  vi.unstubAllGlobals();
  uploads.clear();
});

function seed() {
  signInAs(buildAgent({ id: 5 }));
  db.tickets.push(buildTicket({ id: 7, title: 'Quota' }));
  db.articles.set(7, [buildArticle({ body: 'Please raise it.' })]);
}

describe('the composer', () => {
  it('saves the draft once after typing stops (debounced) and restores it', async () => {
    seed();
    const puts: unknown[] = [];
    server.use(
      http.put('/bff/agent/tickets/:id/draft', async ({ request }) => {
        puts.push(await request.json());
        return HttpResponse.json({ draft: null });
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    await fillEditor(user, await screen.findByRole('textbox', { name: 'Reply' }), 'Hello there');
    expect(puts).toHaveLength(0);
    await waitFor(() => expect(puts).toHaveLength(1), { timeout: 3000 });
    expect(puts[0]).toEqual({
      body: '<p>Hello there</p>',
      internal: false,
      state_id: null,
      priority_id: null,
      group_id: null,
      owner: null,
      pending_time: null,
    });
    expect(await screen.findByText('Draft saved.')).toBeInTheDocument();
  });

  it('restores a saved draft', async () => {
    seed();
    server.use(
      http.get('/bff/agent/tickets/:id/draft', () =>
        HttpResponse.json({
          draft: {
            body: '<p>Half <strong>written</strong></p>',
            internal: true,
            state_id: null,
            updated_at: null,
          },
        }),
      ),
    );
    renderApp('/agent/tickets/7');
    const box = await screen.findByRole('textbox', { name: 'Internal note' });
    expect(box).toHaveTextContent('Half written');
    expect(box.querySelector('strong')).toHaveTextContent('written');
    expect(screen.getByRole('radio', { name: 'Internal note' })).toBeChecked();
  });

  it('inserts a text module typed with ::, placeholders filled and escaped', async () => {
    seed();
    const { user } = renderApp('/agent/tickets/7');
    const box = await screen.findByRole('textbox', { name: 'Reply' });
    await fillEditor(user, box, 'Hi! ::gre');
    const list = await screen.findByRole('listbox', { name: 'Text modules' });
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Greeting']);
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(box).toHaveTextContent('Dear Casey,'));
    expect(box).toHaveTextContent('thank you.');
    expect(box).not.toHaveTextContent('::gre');
    expect(screen.queryByRole('listbox', { name: 'Text modules' })).not.toBeInTheDocument();
  });

  it('mentions a colleague with @ as a Zammad mention link', async () => {
    seed();
    const posts: { body: { body: string } }[] = [];
    server.use(
      http.post('/bff/tickets/:id/articles', async ({ request }) => {
        posts.push({ body: (await request.json()) as { body: string } });
        return HttpResponse.json(buildArticle({ body: 'x' }), { status: 201 });
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    const box = await screen.findByRole('textbox', { name: 'Reply' });
    await fillEditor(user, box, 'Ask @bla');
    const list = await screen.findByRole('listbox', { name: 'People to mention' });
    expect(within(list).getByRole('option', { name: '@Blake Agent' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() =>
      expect(box.querySelector('a[data-mention-user-id="77"]')).toHaveTextContent('@Blake Agent'),
    );
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]?.body.body).toContain(
      '<a data-mention-user-id="77" href="#user/profile/77">@Blake Agent</a>',
    );
  });

  it('quotes an article e-mail style with "Reply with quote"', async () => {
    seed();
    const { user } = renderApp('/agent/tickets/7');
    const box = await screen.findByRole('textbox', { name: 'Reply' });
    await user.click(
      screen.getByRole('button', { name: 'Reply with a quote of the message from Casey Customer' }),
    );
    await waitFor(() => expect(box.querySelector('blockquote')).toHaveTextContent('Please raise it.'));
    expect(box).toHaveTextContent(/Casey Customer wrote:/);
  });

  it.each([404, 500])('keeps the page working when dropping the draft answers %i', async (status) => {
    seed();
    const unhandled: unknown[] = [];
    const onRejection = (e: PromiseRejectionEvent) => unhandled.push(e.reason);
    const onNodeRejection = (reason: unknown) => unhandled.push(reason);
    window.addEventListener('unhandledrejection', onRejection);
    process.on('unhandledRejection', onNodeRejection);
    let deletes = 0;
    server.use(
      http.post('/bff/tickets/:id/articles', () =>
        HttpResponse.json(buildArticle({ body: 'x' }), { status: 201 }),
      ),
      http.delete('/bff/agent/tickets/:id/draft', () => {
        deletes++;
        return HttpResponse.json(
          { error: 'No draft.', code: status === 404 ? 'not_found' : 'internal', request_id: 'r' },
          { status },
        );
      }),
    );
    try {
      const { user } = renderApp('/agent/tickets/7');
      const box = await screen.findByRole('textbox', { name: 'Reply' });
      await fillEditor(user, box, 'Done');
      const send = screen.getByRole('button', { name: 'Send reply' });
      await waitFor(() => expect(send).toBeEnabled());
      await user.click(send);
      expect(await screen.findByText('Reply sent.')).toBeInTheDocument();
      await waitFor(() => expect(deletes).toBe(1));
      await delay(50);
      expect(unhandled).toEqual([]);
      expect(screen.getByRole('textbox', { name: 'Reply' })).toBeInTheDocument();
    } finally {
      window.removeEventListener('unhandledrejection', onRejection);
      process.off('unhandledRejection', onNodeRejection);
    }
  });

  it('sends once with one Idempotency-Key and the files, the state change in the same request, and drops the draft', async () => {
    await useNodeFormData();
    seed();
    const posts: { key: string | null; body: unknown }[] = [];
    const patches: unknown[] = [];
    let deleted = 0;
    server.use(
      http.post('/bff/tickets/:id/articles', async ({ request }) => {
        posts.push({ key: request.headers.get('idempotency-key'), body: await request.json() });
        await delay(100);
        return HttpResponse.json(buildArticle({ body: 'x' }), { status: 201 });
      }),
      http.patch('/bff/tickets/:id', async ({ request }) => {
        patches.push(await request.json());
        return HttpResponse.json(db.tickets[0]);
      }),
      http.delete('/bff/agent/tickets/:id/draft', () => {
        deleted++;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, container } = renderApp('/agent/tickets/7');
    const box = await screen.findByRole('textbox', { name: 'Reply' });
    await fillEditor(user, box, 'All done');
    const input = container.querySelector('.composer input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['log'], 'fix.log', { type: 'text/plain' })] } });
    await screen.findByRole('button', { name: 'Remove fix.log' });
    await user.selectOptions(screen.getByRole('combobox', { name: /State after sending/ }), 'closed');
    const send = screen.getByRole('button', { name: 'Send reply' });
    await waitFor(() => expect(send).toBeEnabled());
    await user.dblClick(send);
    await user.click(send);
    expect(await screen.findByText('Reply sent.')).toBeInTheDocument();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[0]?.body).toEqual({
      body: '<p>All done</p>',
      content_type: 'text/html',
      internal: false,
      attachments: [...uploads.keys()],
      state_id: 4,
    });
    expect(patches).toEqual([]);
    await waitFor(() => expect(deleted).toBe(1));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveTextContent(''));
    expect(screen.queryByRole('button', { name: 'Remove fix.log' })).not.toBeInTheDocument();
  });

  it('replies by e-mail with a cc, and shows which mails left and which were not delivered', async () => {
    signInAs(buildAgent({ id: 5 }));
    db.tickets.push(buildTicket({ id: 7, title: 'Quota' }));
    db.articles.set(7, [
      buildArticle({ body: 'Please raise it.' }),
      buildArticle({
        body: 'Sent fine',
        sender: 'Agent',
        type: 'email',
        to: 'casey@example.org',
        delivery: { status: 'sent', message: null, attempts: 1 },
      }),
      buildArticle({
        body: 'Bounced',
        sender: 'Agent',
        type: 'email',
        to: 'gone@example.org',
        delivery: { status: 'failed', message: '550 5.1.1 user unknown', attempts: 1 },
      }),
    ]);
    const posts: unknown[] = [];
    server.use(
      http.post('/bff/tickets/:id/articles', async ({ request }) => {
        posts.push(await request.json());
        return HttpResponse.json(buildArticle({ body: 'x' }), { status: 201 });
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    expect(await screen.findByText('Sent by e-mail to casey@example.org.')).toBeInTheDocument();
    const failed = screen.getByText('The e-mail to gone@example.org was not delivered.');
    expect(failed.closest('p')).toHaveTextContent('The mail server said: 550 5.1.1 user unknown');
    await user.click(await screen.findByRole('radio', { name: 'Reply by e-mail' }));
    expect(screen.getByText(/Mailed to the customer’s address/)).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /^Cc/ }), 'boss@example.org');
    await fillEditor(user, screen.getByRole('textbox', { name: 'Reply' }), 'By mail');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toMatchObject({ internal: false, channel: 'email', cc: 'boss@example.org' });
  });

  it('keeps attached files across a reload of the ticket', async () => {
    await useNodeFormData();
    seed();
    const first = renderApp('/agent/tickets/7');
    await screen.findByRole('textbox', { name: 'Reply' });
    const input = first.container.querySelector('.composer input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['x'], 'kept.log', { type: 'text/plain' })] } });
    await waitFor(() => expect(sessionStorage.getItem('eosc.composer-files.7')).toContain('kept.log'));
    first.unmount();
    renderApp('/agent/tickets/7');
    expect(await screen.findByRole('button', { name: 'Remove kept.log' })).toBeInTheDocument();
  });

  it('tells the collision detection about typing', async () => {
    seed();
    const typing: unknown[] = [];
    server.use(
      http.post('/bff/agent/tickets/:id/presence', async ({ request }) => {
        typing.push(await request.json());
        return HttpResponse.json({ viewers: [] });
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    await fillEditor(user, await screen.findByRole('textbox', { name: 'Reply' }), 'x');
    await waitFor(() => expect(typing).toContainEqual(expect.objectContaining({ state: 'typing' })));
  });
});

describe('the agent ticket view', () => {
  it('has shortcuts: n writes a note, r a reply, a assigns to me, c closes', async () => {
    seed();
    const patches: unknown[] = [];
    server.use(
      http.patch('/bff/tickets/:id', async ({ request }) => {
        patches.push(await request.json());
        return HttpResponse.json(db.tickets[0]);
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    await screen.findByRole('textbox', { name: 'Reply' });
    await user.keyboard('n');
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Internal note' })).toHaveFocus());
    await user.click(screen.getByRole('heading', { level: 1 }));
    await user.keyboard('r');
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveFocus());
    await user.click(screen.getByRole('heading', { level: 1 }));
    await user.keyboard('a');
    await waitFor(() => expect(patches).toContainEqual({ owner_id: 5 }));
    await user.keyboard('c');
    await waitFor(() => expect(patches).toContainEqual({ state_id: 4 }));
    // closing is undoable: the notice gives the previous state back
    const notice = await screen.findByText(/Ticket #\d+ closed\./);
    expect(notice.closest('[aria-live="polite"]')).not.toBeNull();
    await user.click(within(notice).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(patches.at(-1)).toEqual({ state_id: 2 }));
    expect(await screen.findByText('Closing undone.')).toBeInTheDocument();
    await user.keyboard('?');
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
  });

  it('merges into another ticket and opens it', async () => {
    seed();
    db.tickets.push(buildTicket({ id: 8, number: '31008', title: 'The original' }));
    let sent: unknown;
    server.use(
      http.post('/bff/agent/tickets/:id/merge', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(db.tickets[1]);
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    await user.type(await screen.findByRole('textbox', { name: 'Merge into ticket number' }), '31008');
    await user.click(screen.getByRole('button', { name: 'Merge' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'The original' })).toBeInTheDocument();
    expect(sent).toEqual({ target_number: '31008' });
  });

  it('sets internal notes apart and never runs markup from an article', async () => {
    signInAs(buildAgent({ id: 5 }));
    db.tickets.push(buildTicket({ id: 9, title: '<img src=x onerror=alert(1)>' }));
    db.articles.set(9, [
      buildArticle({
        content_type: 'text/html',
        body: '<p>Hi</p><script>window.__xss=1</script><img src="https://tracker.example/p.png" onerror="window.__xss=1"><a href="javascript:window.__xss=1">link</a><svg onload="window.__xss=1"></svg>',
      }),
      buildArticle({ body: 'Customer is a VIP', internal: true, sender: 'Agent' }),
    ]);
    const { user, container } = renderApp('/agent/tickets/9');
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent(
      '<img src=x onerror=alert(1)>',
    );
    expect(screen.getByRole('listitem', { name: 'Internal note' })).toHaveTextContent('Customer is a VIP');
    const hostile = 'script, svg, [onerror], [onload], a[href^="javascript"], img[src*="tracker"]';
    // The conversation only: the composer's toolbar draws its own (trusted) SVG icon.
    const conversation = container.querySelector('.articles') as HTMLElement;
    expect(conversation.querySelector(hostile)).toBeNull();
    expect(screen.getByRole('listitem', { name: 'Message' })).toHaveTextContent('1 remote image blocked.');
    await user.click(screen.getByRole('button', { name: 'Show images' }));
    expect(container.querySelector('img[src="https://tracker.example/p.png"]')).not.toBeNull();
    expect(conversation.querySelector('script, svg, [onerror], [onload], a[href^="javascript"]')).toBeNull();
  });
});

describe("the composer's choices after sending", () => {
  const reference = {
    states: [
      { id: 2, name: 'open', state_type: 'open', active: true },
      { id: 3, name: 'pending reminder', state_type: 'pending reminder', active: true },
      { id: 4, name: 'closed', state_type: 'closed', active: true },
    ],
    priorities: [
      { id: 2, name: '2 normal', active: true, default_create: true },
      { id: 3, name: '3 high', active: true, default_create: false },
    ],
    groups: [
      { id: 1, name: 'Users', active: true },
      { id: 2, name: 'Second level', active: true },
    ],
  };
  const agents = [
    { id: 5, name: 'Avery Agent', email: 'agent@example.org', group_ids: [1, 2] },
    { id: 77, name: 'Blake Agent', email: 'blake@example.org', group_ids: [1] },
    { id: 78, name: 'Casey Second', email: 'casey@example.org', group_ids: [2] },
  ];

  function seedChoices() {
    signInAs(buildAgent({ id: 5 }));
    db.tickets.push(buildTicket({ id: 7, title: 'Quota', group_id: 1, group: 'Users' }));
    db.articles.set(7, [buildArticle({ body: 'Please raise it.' })]);
    server.use(
      http.get('/bff/reference', () => HttpResponse.json(reference)),
      http.get('/bff/agent/agents', () => HttpResponse.json({ items: agents })),
    );
  }

  const form = () => within(screen.getByRole('form', { name: 'Reply' }));
  const optionNames = (select: HTMLElement) =>
    within(select)
      .getAllByRole('option')
      .map((o) => o.textContent);

  it('sends state, pending time, priority, group and owner with the reply in one request', async () => {
    seedChoices();
    const posts: unknown[] = [];
    const patches: unknown[] = [];
    server.use(
      http.post('/bff/tickets/:id/articles', async ({ request }) => {
        posts.push(await request.json());
        return HttpResponse.json(buildArticle({ body: 'x' }), { status: 201 });
      }),
      http.patch('/bff/tickets/:id', async ({ request }) => {
        patches.push(await request.json());
        return HttpResponse.json(db.tickets[0]);
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    await fillEditor(user, await screen.findByRole('textbox', { name: 'Reply' }), 'Moving it on');
    const owner = form().getByRole('combobox', { name: 'Owner' });
    // Owners of the ticket's group (Users): me, unassigned, Blake; not Casey (Second level only).
    await waitFor(() => expect(optionNames(owner)).toContain('Blake Agent'));
    expect(optionNames(owner)).toEqual(['Keep the owner', 'Me', 'Unassigned', 'Blake Agent']);
    await user.selectOptions(form().getByRole('combobox', { name: 'Group' }), 'Second level');
    expect(optionNames(owner)).toEqual(['Keep the owner', 'Me', 'Unassigned', 'Casey Second']);
    await user.selectOptions(owner, 'Casey Second');
    await user.selectOptions(form().getByRole('combobox', { name: 'Priority' }), 'very urgent');

    expect(form().queryByLabelText('Pending until')).toBeNull();
    await user.selectOptions(
      form().getByRole('combobox', { name: /State after sending/ }),
      'pending reminder',
    );
    const when = form().getByLabelText('Pending until');
    expect(when).toBeRequired();
    // Ctrl+Enter sends without the browser's form validation: the composer checks itself.
    await user.click(screen.getByRole('textbox', { name: 'Reply' }));
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByText(/A pending state needs a date and time/)).toBeInTheDocument();
    expect(when).toHaveFocus();
    expect(posts).toHaveLength(0);

    fireEvent.change(when, { target: { value: '2026-12-01T09:30' } });
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByText('Reply sent.')).toBeInTheDocument();
    expect(posts).toEqual([
      {
        body: '<p>Moving it on</p>',
        content_type: 'text/html',
        internal: false,
        state_id: 3,
        pending_time: new Date('2026-12-01T09:30').toISOString(),
        priority_id: 3,
        group_id: 2,
        owner_id: 78,
      },
    ]);
    expect(patches).toEqual([]);
    // Back to "keep" for the next message.
    expect(form().getByRole('combobox', { name: 'Priority' })).toHaveValue('');
    expect(form().getByRole('combobox', { name: 'Group' })).toHaveValue('');
    expect(form().getByRole('combobox', { name: 'Owner' })).toHaveValue('');
    expect(form().queryByLabelText('Pending until')).toBeNull();
  });

  it('unassigns with "Unassigned" and keeps every choice in the server draft', async () => {
    seedChoices();
    const puts: unknown[] = [];
    const posts: unknown[] = [];
    server.use(
      http.get('/bff/agent/tickets/:id/draft', () =>
        HttpResponse.json({
          draft: {
            body: '<p>Half</p>',
            internal: true,
            state_id: 3,
            priority_id: 3,
            group_id: 2,
            owner: 5,
            pending_time: '2026-12-24T08:00:00.000Z',
            updated_at: null,
          },
        }),
      ),
      http.put('/bff/agent/tickets/:id/draft', async ({ request }) => {
        puts.push(await request.json());
        return HttpResponse.json({ draft: null });
      }),
      http.post('/bff/tickets/:id/articles', async ({ request }) => {
        posts.push(await request.json());
        return HttpResponse.json(buildArticle({ body: 'x' }), { status: 201 });
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    await screen.findByRole('textbox', { name: 'Internal note' });
    expect(form().getByRole('combobox', { name: /State after sending/ })).toHaveValue('3');
    expect(form().getByRole('combobox', { name: 'Priority' })).toHaveValue('3');
    expect(form().getByRole('combobox', { name: 'Group' })).toHaveValue('2');
    await waitFor(() => expect(form().getByRole('combobox', { name: 'Owner' })).toHaveValue('5'));
    expect(form().getByLabelText('Pending until')).not.toHaveValue('');

    await user.selectOptions(form().getByRole('combobox', { name: 'Owner' }), 'Unassigned');
    await waitFor(() => expect(puts).toHaveLength(1), { timeout: 3000 });
    expect(puts[0]).toEqual({
      body: '<p>Half</p>',
      internal: true,
      state_id: 3,
      priority_id: 3,
      group_id: 2,
      owner: 'unassigned',
      pending_time: '2026-12-24T08:00:00.000Z',
    });
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toMatchObject({ owner_id: null, group_id: 2, state_id: 3 });
  });

  it('speaks German', async () => {
    seedChoices();
    await i18next.changeLanguage('de');
    try {
      renderApp('/agent/tickets/7');
      expect(await screen.findByRole('group', { name: 'Nach dem Senden' })).toBeInTheDocument();
      const after = within(screen.getByRole('group', { name: 'Nach dem Senden' }));
      expect(after.getByRole('combobox', { name: 'Priorität' })).toBeInTheDocument();
      expect(after.getByRole('option', { name: 'Besitzer beibehalten' })).toBeInTheDocument();
    } finally {
      await i18next.changeLanguage('en');
    }
  });
});
