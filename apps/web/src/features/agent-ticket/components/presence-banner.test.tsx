import { act, screen, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildAgent, buildArticle, buildTicket } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

class FakeEventSource extends EventTarget {
  static last: FakeEventSource | undefined;
  closed = false;
  constructor(readonly url: string) {
    super();
    FakeEventSource.last = this;
  }
  close() {
    this.closed = true;
  }
  emit(viewers: unknown[]) {
    this.dispatchEvent(new MessageEvent('presence', { data: JSON.stringify({ ticket_id: 7, viewers }) }));
  }
}

function seed() {
  signInAs(buildAgent({ id: 5 }));
  db.tickets.push(buildTicket({ id: 7, title: 'Quota' }));
  db.articles.set(7, [buildArticle({ body: 'Please raise it.' })]);
}

const anna = (state: 'viewing' | 'typing') => ({
  user_id: 9,
  name: 'Anna Admin',
  state,
  since: '2026-11-21T10:00:00Z',
});

afterEach(() => {
  vi.unstubAllGlobals();
  FakeEventSource.last = undefined;
});

describe('collision detection', () => {
  it('shows who else is viewing, then typing (live), politely announced; never empty noise', async () => {
    seed();
    vi.stubGlobal('EventSource', FakeEventSource);
    server.use(
      http.post('/bff/agent/tickets/:id/presence', () => HttpResponse.json({ viewers: [anna('viewing')] })),
    );
    renderApp('/agent/tickets/7');
    const banner = await screen.findByRole('status', { name: 'Other agents on this ticket' });
    expect(banner).toHaveAttribute('aria-live', 'polite');
    expect(await screen.findByText('Anna Admin is viewing')).toBeInTheDocument();
    expect(FakeEventSource.last?.url).toBe('/bff/agent/tickets/7/presence/events');
    act(() => FakeEventSource.last?.emit([anna('typing')]));
    expect(await screen.findByText('Anna Admin is typing…')).toBeInTheDocument();
    act(() => FakeEventSource.last?.emit([]));
    await waitFor(() => expect(screen.queryByText(/Anna Admin/)).not.toBeInTheDocument());
  });

  it('sends viewing, typing while the agent types, and left when the page is closed', async () => {
    seed();
    const beats: { state: string; client: string }[] = [];
    server.use(
      http.post('/bff/agent/tickets/:id/presence', async ({ request }) => {
        beats.push((await request.json()) as { state: string; client: string });
        return HttpResponse.json({ viewers: [] });
      }),
    );
    const { user, unmount } = renderApp('/agent/tickets/7');
    await waitFor(() => expect(beats.map((b) => b.state)).toEqual(['viewing']));
    await user.type(await screen.findByRole('textbox', { name: 'Reply' }), 'Hello');
    await waitFor(() => expect(beats.map((b) => b.state)).toEqual(['viewing', 'typing']));
    // One typing signal per burst, not one per keystroke.
    expect(beats.filter((b) => b.state === 'typing')).toHaveLength(1);
    unmount();
    await waitFor(() => expect(beats.map((b) => b.state)).toEqual(['viewing', 'typing', 'left']));
    expect(new Set(beats.map((b) => b.client)).size).toBe(1);
  });

  it('goes back to viewing 5 s after the last keystroke', async () => {
    seed();
    const beats: string[] = [];
    server.use(
      http.post('/bff/agent/tickets/:id/presence', async ({ request }) => {
        beats.push(((await request.json()) as { state: string }).state);
        return HttpResponse.json({ viewers: [] });
      }),
    );
    const { user } = renderApp('/agent/tickets/7');
    await user.type(await screen.findByRole('textbox', { name: 'Reply' }), 'Hi');
    await waitFor(() => expect(beats).toContain('typing'));
    await waitFor(() => expect(beats.at(-1)).toBe('viewing'), { timeout: 7000 });
    expect(beats.slice(-2)).toEqual(['typing', 'viewing']);
  }, 10_000);
});
