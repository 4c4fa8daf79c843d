import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildArticle, buildTicket, buildUser } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

/** Records PATCH bodies sent for tickets. */
function recordPatches(): unknown[] {
  const bodies: unknown[] = [];
  server.events.on('request:start', async ({ request }) => {
    if (request.method === 'PATCH') bodies.push(await request.clone().json());
  });
  return bodies;
}

/** A stand-in for the browser's EventSource, so a test can send the BFF's live events. */
class FakeEventSource {
  static last: FakeEventSource | undefined;
  private readonly listeners = new Map<string, (() => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {}
  emit(type: string) {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeEventSource.last = undefined;
});

describe('the customer closes and reopens a ticket', () => {
  it('asks before closing, closes, says so, and reopens', async () => {
    signInAs(buildUser());
    db.tickets.push(buildTicket({ id: 7, title: 'Quota increase' }));
    const patches = recordPatches();
    const { user } = renderApp('/tickets/7');
    expect(await screen.findByText("We're working on it")).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Close this ticket' }));
    const confirm = screen.getByRole('region', { name: 'Close this ticket?' });
    expect(confirm).toHaveTextContent('You can reopen it later');
    expect(within(confirm).getByRole('button', { name: 'Yes, close it' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Keep it open' }));
    expect(patches).toEqual([]);
    expect(screen.getByRole('button', { name: 'Close this ticket' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Close this ticket' }));
    await user.click(screen.getByRole('button', { name: 'Yes, close it' }));
    expect(await screen.findByText(/^Solved — closed on /)).toBeInTheDocument();
    expect(patches).toEqual([{ state: 'closed' }]);
    expect(screen.getByText('The ticket is closed.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Reopen this ticket' }));
    expect(await screen.findByText("We're working on it")).toBeInTheDocument();
    expect(patches).toEqual([{ state: 'closed' }, { state: 'open' }]);
    expect(screen.getByRole('button', { name: 'Close this ticket' })).toBeInTheDocument();
  });

  it('warns before closing when the group will not reopen it', async () => {
    signInAs(buildUser());
    db.tickets.push(buildTicket({ id: 8 }));
    db.followUps.set(8, { reopenable: false });
    const { user } = renderApp('/tickets/8');
    await user.click(await screen.findByRole('button', { name: 'Close this ticket' }));
    expect(screen.getByRole('region', { name: 'Close this ticket?' })).toHaveTextContent(
      'Once closed, this ticket cannot be reopened',
    );
  });

  it('offers a new ticket about the same service when the closed ticket takes no follow-up', async () => {
    signInAs(buildUser());
    db.tickets.push(
      buildTicket({ id: 9, number: '31009', title: 'Login broken', state: 'closed', state_type: 'closed' }),
    );
    db.followUps.set(9, {
      possible: false,
      reopenable: false,
      service: 'egi-check-in',
      closed_at: '2026-11-20T10:00:00Z',
    });
    const { user, router } = renderApp('/tickets/9');

    expect(
      await screen.findByRole('heading', { name: 'This request is closed — open a new ticket' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Solved — closed on .*2026/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reopen this ticket' })).toBeNull();
    const link = screen.getByRole('link', { name: 'Open a new ticket' });
    expect(link).toHaveAttribute('href', '/tickets/new?service=egi-check-in');

    await user.click(link);
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets/new'));
    const draft = JSON.parse(sessionStorage.getItem('eosc.ticket-draft') ?? '{}');
    expect(draft).toMatchObject({
      service: 'egi-check-in',
      title: 'Follow-up to ticket #31009: Login broken',
    });
  });

  it('shows why a change was refused', async () => {
    signInAs(buildUser());
    db.tickets.push(buildTicket({ id: 10, state: 'closed', state_type: 'closed' }));
    server.use(
      http.patch('/bff/tickets/:id', () =>
        bffError(422, 'invalid', 'Cannot follow-up on a closed ticket. Please create a new ticket.'),
      ),
    );
    const { user } = renderApp('/tickets/10');
    await user.click(await screen.findByRole('button', { name: 'Reopen this ticket' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The change was not saved: Cannot follow-up on a closed ticket. Please create a new ticket.',
    );
  });
});

describe('live updates on the ticket page', () => {
  it("shows an agent's reply and state change when the live stream says tickets changed", async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    signInAs(buildUser());
    db.tickets.push(buildTicket({ id: 11, title: 'Storage request' }));
    db.articles.set(11, [buildArticle({ body: 'Please add 2 TB.' })]);
    renderApp('/tickets/11');
    expect(await screen.findByText('Please add 2 TB.')).toBeInTheDocument();
    expect(FakeEventSource.last?.url).toBe('/bff/events');

    // the agent answers and waits for the customer
    db.articles
      .get(11)
      ?.push(buildArticle({ body: 'Which project is it for?', sender: 'Agent', from: 'Avery Agent' }));
    const index = db.tickets.findIndex((t) => t.id === 11);
    db.tickets[index] = {
      ...(db.tickets[index] as (typeof db.tickets)[number]),
      state: 'pending reminder',
      state_type: 'pending reminder',
    };
    expect(screen.queryByText('Which project is it for?')).toBeNull();
    FakeEventSource.last?.emit('tickets');

    expect(await screen.findByText('Which project is it for?')).toBeInTheDocument();
    expect(screen.getByText('Waiting for your reply')).toBeInTheDocument();
    expect(screen.getByText('Support team', { selector: '.article__sender' })).toBeInTheDocument();
  });
});
