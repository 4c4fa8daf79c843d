import { screen, waitFor } from '@testing-library/react';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildAgent, buildArticle, buildTicket } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

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
    await user.type(await screen.findByRole('textbox', { name: 'Reply' }), 'Hello there');
    expect(puts).toHaveLength(0);
    await waitFor(() => expect(puts).toHaveLength(1), { timeout: 3000 });
    expect(puts[0]).toEqual({ body: 'Hello there', internal: false, state_id: null });
    expect(await screen.findByText('Draft saved.')).toBeInTheDocument();
  });

  it('restores a saved draft', async () => {
    seed();
    server.use(
      http.get('/bff/agent/tickets/:id/draft', () =>
        HttpResponse.json({
          draft: { body: 'Half written', internal: true, state_id: null, updated_at: null },
        }),
      ),
    );
    renderApp('/agent/tickets/7');
    expect(await screen.findByRole('textbox', { name: 'Internal note' })).toHaveValue('Half written');
    expect(screen.getByRole('radio', { name: 'Internal note' })).toBeChecked();
  });

  it('inserts a text module typed with ::', async () => {
    seed();
    const { user } = renderApp('/agent/tickets/7');
    const box = await screen.findByRole('textbox', { name: 'Reply' });
    await user.type(box, 'Hi! ::gre');
    const list = await screen.findByRole('list', { name: 'Text modules' });
    expect(list).toHaveTextContent('Greeting');
    expect(list).not.toHaveTextContent('Closing');
    await user.keyboard('{Enter}');
    expect(box).toHaveValue('Hi! Dear Casey,\n\nthank you.');
    expect(screen.queryByRole('list', { name: 'Text modules' })).not.toBeInTheDocument();
  });

  it('sends once with one Idempotency-Key, changes the state and drops the draft', async () => {
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
    const { user } = renderApp('/agent/tickets/7');
    await user.type(await screen.findByRole('textbox', { name: 'Reply' }), 'All done');
    await user.selectOptions(screen.getByRole('combobox', { name: /State after sending/ }), 'closed');
    const send = screen.getByRole('button', { name: 'Send reply' });
    await user.dblClick(send);
    await user.click(send);
    expect(await screen.findByText('Reply sent.')).toBeInTheDocument();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[0]?.body).toEqual({ body: 'All done', internal: false });
    expect(patches).toEqual([{ state_id: 4 }]);
    await waitFor(() => expect(deleted).toBe(1));
    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveValue('');
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
    expect(screen.getByRole('textbox', { name: 'Internal note' })).toHaveFocus();
    await user.click(screen.getByRole('heading', { level: 1 }));
    await user.keyboard('r');
    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveFocus();
    await user.click(screen.getByRole('heading', { level: 1 }));
    await user.keyboard('a');
    await waitFor(() => expect(patches).toContainEqual({ owner_id: 5 }));
    await user.keyboard('c');
    await waitFor(() => expect(patches).toContainEqual({ state_id: 4 }));
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
    expect(container.querySelector(hostile)).toBeNull();
    expect(screen.getByRole('listitem', { name: 'Message' })).toHaveTextContent('1 remote image blocked.');
    await user.click(screen.getByRole('button', { name: 'Show images' }));
    expect(container.querySelector('img[src="https://tracker.example/p.png"]')).not.toBeNull();
    expect(container.querySelector('script, svg, [onerror], [onload], a[href^="javascript"]')).toBeNull();
  });
});
