import { screen } from '@testing-library/react';
import { delay, HttpResponse, http } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillEditor } from '@/testing/editor';

// The editor loads lazily; load it once up front so no test waits for the import.
beforeAll(() => import('@/components/rich-text-editor-impl'), 30_000);

import { db, signInAs } from '@/testing/db';
import { buildArticle, buildTicket, buildUser } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

async function fillIn(user: ReturnType<typeof renderApp>['user'], title: string, body: string) {
  await user.type(await screen.findByLabelText('Title'), title);
  await fillEditor(user, await screen.findByRole('textbox', { name: 'Message' }), body);
}

describe('NewTicketForm', () => {
  it('submits once, then shows the new ticket', async () => {
    signInAs(buildUser());
    let calls = 0;
    const sentBodies: string[] = [];
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      http.post('/bff/tickets', async ({ request }) => {
        calls += 1;
        const { title, body, content_type } = (await request.json()) as {
          title: string;
          body: string;
          content_type: 'text/html';
        };
        sentBodies.push(body);
        await released;
        const ticket = buildTicket({ id: 77, number: '31077', title, state: 'new' });
        db.tickets.push(ticket);
        db.articles.set(77, [buildArticle({ body, content_type })]);
        return HttpResponse.json(ticket, { status: 201 });
      }),
    );
    const { user, router } = renderApp('/tickets/new');

    await fillIn(user, 'Cannot reach the cluster', 'Since this morning SSH times out.');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    const pending = screen.getByRole('button', { name: 'Sending…' });
    expect(pending).toBeDisabled();
    await user.click(pending);
    await user.type(screen.getByLabelText('Title'), '{Enter}');
    release();

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Cannot reach the cluster' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Since this morning SSH times out.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/tickets/77');
    expect(calls).toBe(1);
    expect(sentBodies).toEqual(['<p>Since this morning SSH times out.</p>']);
  });

  it("shows the server's validation error and lets the person try again", async () => {
    signInAs(buildUser());
    server.use(
      http.post('/bff/tickets', async () => {
        await delay(10);
        return bffError(400, 'validation_error', 'The title must not be blank.');
      }),
    );
    const { user, router } = renderApp('/tickets/new');

    await fillIn(user, '   ', 'Some text');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The title must not be blank.');
    expect(screen.getByRole('button', { name: 'Create ticket' })).toBeEnabled();
    expect(router.state.location.pathname).toBe('/tickets/new');
  });
});
