import { File } from 'node:buffer';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { fillEditor } from '@/testing/editor';
import { buildArticle, buildTicket, buildUser } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import { uploads, useNodeFormData } from '@/testing/upload-handlers';

beforeAll(() => import('@/components/rich-text-editor-impl'), 30_000);
afterEach(() => {
  vi.unstubAllGlobals();
  uploads.clear();
  localStorage.clear();
});

type Sent = { body: Record<string, unknown>; key: string | null };

function ticketWithReplies(sent: Sent[], gate?: Promise<void>) {
  const ticket = buildTicket({ id: 42, number: '31042', title: 'VPN drops' });
  db.tickets.push(ticket);
  db.articles.set(42, [
    buildArticle({
      id: 1,
      body: 'It drops every hour.',
      attachments: [
        { id: 5, filename: 'trace.png', size: 2048, content_type: 'image/png' },
        { id: 6, filename: 'vpn.log', size: 500, content_type: 'text/plain' },
      ],
    }),
  ]);
  server.use(
    http.post('/bff/tickets/:id/articles', async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      sent.push({ body, key: request.headers.get('Idempotency-Key') });
      await gate;
      const article = buildArticle({ body: String(body.body), content_type: 'text/html' });
      db.articles.set(42, [...(db.articles.get(42) ?? []), article]);
      return HttpResponse.json(article, { status: 201 });
    }),
  );
}

describe('ReplyForm', () => {
  it('shows the attachments of each message: image previews and download links', async () => {
    signInAs(buildUser());
    ticketWithReplies([]);
    renderApp('/tickets/42');
    const list = await screen.findByRole('list', { name: 'Attachments' });
    const open = within(list).getByRole('link', { name: 'Open trace.png in full size' });
    expect(open).toHaveAttribute('href', '/bff/tickets/42/attachments/1/5');
    expect(open.querySelector('img')).toHaveAttribute('loading', 'lazy');
    const log = within(list).getByRole('link', { name: 'Download vpn.log' });
    expect(log).toHaveAttribute('href', '/bff/tickets/42/attachments/1/6?download=1');
    expect(within(list).getByText('500 B')).toBeInTheDocument();
  });

  it('sends rich text with files once, then clears the kept draft', async () => {
    await useNodeFormData();
    signInAs(buildUser());
    const sent: Sent[] = [];
    let release: () => void = () => {};
    ticketWithReplies(
      sent,
      new Promise<void>((ok) => {
        release = ok;
      }),
    );
    const { user, container } = renderApp('/tickets/42');
    const box = await screen.findByRole('textbox', { name: 'Your reply' });
    await fillEditor(user, box, 'Still dropping.');
    const input = container.querySelector('.reply-form input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['x'], 'again.log', { type: 'text/plain' })] } });
    await screen.findByRole('button', { name: 'Remove again.log' });
    await waitFor(() => expect(localStorage.getItem('eosc.reply-draft.42')).toContain('again.log'));

    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    const pending = screen.getByRole('button', { name: 'Sending…' });
    expect(pending).toBeDisabled();
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    release();
    expect(await screen.findByText('Your reply was sent.')).toBeInTheDocument();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toEqual({
      body: '<p>Still dropping.</p>',
      content_type: 'text/html',
      internal: false,
      attachments: [[...uploads.keys()][0]],
    });
    expect(sent[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(localStorage.getItem('eosc.reply-draft.42')).toBeNull();
    await waitFor(() => expect(box).toHaveTextContent(''));
    expect(screen.queryByRole('button', { name: 'Remove again.log' })).not.toBeInTheDocument();
  });

  it('keeps the reply across a reload and sends with Ctrl+Enter', async () => {
    signInAs(buildUser());
    const sent: Sent[] = [];
    ticketWithReplies(sent);
    const first = renderApp('/tickets/42');
    await fillEditor(first.user, await screen.findByRole('textbox', { name: 'Your reply' }), 'Draft text');
    await waitFor(() => expect(localStorage.getItem('eosc.reply-draft.42')).toContain('Draft text'));
    first.unmount();

    renderApp('/tickets/42');
    const box = await screen.findByRole('textbox', { name: 'Your reply' });
    await waitFor(() => expect(box).toHaveTextContent('Draft text'));
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await screen.findByText('Your reply was sent.');
    expect(sent.map((s) => s.body.body)).toEqual(['<p>Draft text</p>']);
  });

  it('asks for text, and shows a refusal while keeping the draft', async () => {
    signInAs(buildUser());
    ticketWithReplies([]);
    server.use(
      http.post('/bff/tickets/:id/articles', () => bffError(422, 'invalid', 'The ticket is closed.')),
    );
    const { user } = renderApp('/tickets/42');
    const box = await screen.findByRole('textbox', { name: 'Your reply' });
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Write a message.');
    await fillEditor(user, box, 'Hello?');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('The ticket is closed.'));
    expect(box).toHaveAccessibleDescription('The ticket is closed.');
    expect(localStorage.getItem('eosc.reply-draft.42')).toContain('Hello?');
  });
});
