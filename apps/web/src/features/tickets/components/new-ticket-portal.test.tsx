import { File } from 'node:buffer';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fillEditor } from '@/testing/editor';

// The editor loads lazily; load it once up front so no test waits for the import.
beforeAll(() => import('@/components/rich-text-editor-impl'), 30_000);

import { db, signInAs } from '@/testing/db';
import { buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';
import { uploads, useNodeFormData } from '@/testing/upload-handlers';

describe('the new-ticket form of the portal', () => {
  it('sends type, service and the suggested priority with an idempotency key', async () => {
    signInAs(buildUser());
    const sent: { body: Record<string, unknown>; key: string | null }[] = [];
    server.use(
      http.post('/bff/tickets', async ({ request }) => {
        sent.push({
          body: (await request.json()) as Record<string, unknown>,
          key: request.headers.get('Idempotency-Key'),
        });
        const ticket = buildTicket({ id: 88, title: 'B2SHARE upload fails' });
        db.tickets.push(ticket);
        return HttpResponse.json(ticket, { status: 201 });
      }),
    );
    const { user, router } = renderApp('/tickets/new');
    await screen.findByRole('option', { name: 'B2SHARE (EUDAT CDI)' });
    await user.selectOptions(screen.getByLabelText('Service'), 'b2share');
    await user.type(screen.getByLabelText('Title'), 'B2SHARE upload fails');
    await fillEditor(user, await screen.findByRole('textbox', { name: 'Message' }), 'Uploads stop at 99 %.');
    await user.click(screen.getByLabelText('The service is degraded (slow or partly working)'));
    expect(screen.getByText('Suggested priority: very urgent')).toBeInTheDocument();
    expect(screen.getByText('the service is degraded and there is no workaround.')).toBeInTheDocument();
    await user.click(screen.getByLabelText('There is a workaround'));
    expect(screen.getByText('Suggested priority: urgent')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));
    await screen.findByRole('heading', { level: 1, name: 'B2SHARE upload fails' });
    expect(router.state.location.pathname).toBe('/tickets/88');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toMatchObject({
      title: 'B2SHARE upload fails',
      eosc_ticket_type: 'incident',
      eosc_service: 'b2share',
      priority: '2 normal',
    });
    expect(sent[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sessionStorage.getItem('eosc.ticket-draft')).not.toContain('B2SHARE upload fails');
  });

  it('offers matching help-center answers while the title is typed', async () => {
    signInAs(buildUser());
    const { user } = renderApp('/tickets/new');
    await user.type(await screen.findByLabelText('Title'), 'login');
    const link = await screen.findByRole('link', { name: 'How to log in with your institution' });
    expect(link).toHaveAttribute('href', '/help/en-us/answers/5');
    expect(screen.getByText('These answers may already help:')).toBeInTheDocument();
  });

  it('keeps the draft across a reload', async () => {
    signInAs(buildUser());
    const first = renderApp('/tickets/new');
    await first.user.type(await screen.findByLabelText('Title'), 'Quota');
    await first.user.click(screen.getByLabelText(/Service request/));
    first.unmount();
    renderApp('/tickets/new');
    expect(await screen.findByLabelText('Title')).toHaveValue('Quota');
    expect(screen.getByLabelText(/Service request/)).toBeChecked();
    expect(screen.getByText('Suggested priority: urgent')).toBeInTheDocument();
  });

  describe('with files', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
      uploads.clear();
    });

    it('uploads attachments and sends their ids with the HTML message', async () => {
      await useNodeFormData();
      signInAs(buildUser());
      let sent: Record<string, unknown> | undefined;
      server.use(
        http.post('/bff/tickets', async ({ request }) => {
          sent = (await request.json()) as Record<string, unknown>;
          const ticket = buildTicket({ id: 89, title: 'Logs attached' });
          db.tickets.push(ticket);
          return HttpResponse.json(ticket, { status: 201 });
        }),
      );
      const { user, container } = renderApp('/tickets/new');
      await user.type(await screen.findByLabelText('Title'), 'Logs attached');
      await fillEditor(user, await screen.findByRole('textbox', { name: 'Message' }), 'See the log.');
      const input = container.querySelector('input[type="file"]') as HTMLInputElement;
      fireEvent.change(input, {
        target: { files: [new File(['line 1'], 'job.log', { type: 'text/plain' })] },
      });
      await screen.findByRole('button', { name: 'Remove job.log' });
      await waitFor(() =>
        expect(screen.getByRole('status', { name: '' })).toHaveTextContent('job.log uploaded.'),
      );
      // The draft remembers the uploaded file across a reload.
      expect(sessionStorage.getItem('eosc.ticket-draft')).toContain('job.log');
      await user.click(screen.getByRole('button', { name: 'Create ticket' }));
      await screen.findByRole('heading', { level: 1, name: 'Logs attached' });
      const [upload] = [...uploads.values()];
      expect(sent).toMatchObject({
        body: '<p>See the log.</p>',
        content_type: 'text/html',
        attachments: [upload?.id],
      });
    });

    it('drops kept files the helpdesk no longer has, and says so', async () => {
      signInAs(buildUser());
      uploads.set('still-here', {
        id: 'still-here',
        filename: 'kept.txt',
        size: 4,
        content_type: 'text/plain',
      });
      sessionStorage.setItem(
        'eosc.ticket-draft',
        JSON.stringify({
          title: 'Old draft',
          body: '<p>text</p>',
          attachments: [
            { id: 'still-here', filename: 'kept.txt', size: 4, content_type: 'text/plain' },
            { id: 'expired', filename: 'old.txt', size: 3, content_type: 'text/plain' },
          ],
        }),
      );
      renderApp('/tickets/new');
      expect(
        await screen.findByText('1 attached file was no longer available and was removed: attach it again.'),
      ).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Remove kept.txt' })).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Remove old.txt' })).not.toBeInTheDocument();
    });

    it('asks for a message before sending', async () => {
      signInAs(buildUser());
      const { user } = renderApp('/tickets/new');
      await user.type(await screen.findByLabelText('Title'), 'No text');
      await screen.findByRole('textbox', { name: 'Message' });
      await user.click(screen.getByRole('button', { name: 'Create ticket' }));
      expect(await screen.findByRole('alert')).toHaveTextContent('Describe the problem or request.');
      expect(screen.getByRole('textbox', { name: 'Message' })).toHaveAccessibleDescription(
        'Describe the problem or request.',
      );
    });
  });
});
