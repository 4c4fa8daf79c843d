import { screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildAgent, buildArticle, buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';
import { overviewLabel, priorityLabel, senderLabel, stateLabel } from './helpdesk-names';
import { setLanguage } from './i18n';

// jsdom lays nothing out: give the inbox's scroll area a height so the virtualiser renders rows.
const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('inbox-scroll') ? 720 : 0;
    },
  });
});
afterAll(() => {
  if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
});
afterEach(() => setLanguage('en'));

describe('helpdesk names', () => {
  it("keeps the standard names in English (priorities in EOSC's words) and translates them to German as Zammad does", () => {
    expect(stateLabel('pending reminder')).toBe('pending reminder');
    expect(priorityLabel('3 high')).toBe('very urgent');
    expect(overviewLabel('Unassigned & Open Tickets')).toBe('Unassigned & Open Tickets');
    setLanguage('de');
    expect(
      ['new', 'open', 'pending reminder', 'pending close', 'closed', 'merged'].map((s) => stateLabel(s)),
    ).toEqual([
      'neu',
      'offen',
      'warten auf Erinnerung',
      'warten auf Schließen',
      'geschlossen',
      'zusammengeführt',
    ]);
    expect(['1 low', '2 normal', '3 high', '4 top priority'].map((p) => priorityLabel(p))).toEqual([
      'weniger dringend',
      'dringend',
      'sehr dringend',
      'höchste Priorität',
    ]);
    expect(overviewLabel('My Assigned Tickets')).toBe('Meine zugewiesenen Tickets');
    expect(senderLabel('Customer')).toBe('Kunde');
  });

  it('shows names an administrator defined as they are, in every language', () => {
    setLanguage('de');
    expect(stateLabel('waiting for vendor')).toBe('waiting for vendor');
    expect(priorityLabel('4 critical')).toBe('4 critical');
    expect(overviewLabel('Storage team')).toBe('Storage team');
    expect(stateLabel('constructor')).toBe('constructor');
  });

  it('the German inbox shows overview, state and priority names in German', async () => {
    signInAs(buildAgent());
    db.tickets.push(
      buildTicket({
        id: 8,
        title: 'Storage full',
        state: 'new',
        state_id: 1,
        priority: '3 high',
        priority_id: 3,
      }),
    );
    setLanguage('de');
    renderApp('/agent');

    const nav = await screen.findByRole('navigation', { name: /Übersichten/ });
    expect(within(nav).getByRole('link', { name: /Offene Tickets/ })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: /Meine zugewiesenen Tickets/ })).toBeInTheDocument();
    expect(within(nav).queryByText('Open Tickets')).toBeNull();
    const row = await screen.findByRole('row', { name: /Storage full/ });
    expect(within(row).getByText('neu')).toBeInTheDocument();
    expect(within(row).getByText('sehr dringend')).toBeInTheDocument();
  });

  it("the German agent ticket view names the article's sender and the priority in German", async () => {
    signInAs(buildAgent({ id: 5 }));
    db.tickets.push(buildTicket({ id: 7, title: 'Quota', priority: '1 low', priority_id: 1 }));
    db.articles.set(7, [buildArticle({ body: 'Please raise it.' })]);
    setLanguage('de');
    renderApp('/agent/tickets/7');

    await screen.findByRole('heading', { level: 1, name: 'Quota' });
    expect(document.querySelector('.article__sender')).toHaveTextContent('Kunde');
    // in the header line (the side panel's priority select offers it too)
    expect(screen.getByText(/weniger dringend · /)).toBeInTheDocument();
    expect(document.querySelector('.ticket-number .badge')).toHaveTextContent('offen');
  });
});

describe('the new-ticket page', () => {
  it('speaks English and German', async () => {
    signInAs(buildUser());
    renderApp('/tickets/new');
    expect(await screen.findByRole('heading', { level: 1, name: 'New ticket' })).toBeInTheDocument();
    const breadcrumb = () => document.querySelector('.breadcrumb a');
    expect(breadcrumb()).toHaveTextContent(/^My tickets$/);
    expect(breadcrumb()).toHaveAttribute('href', '/');

    setLanguage('de');
    expect(await screen.findByRole('heading', { level: 1, name: 'Neues Ticket' })).toBeInTheDocument();
    expect(breadcrumb()).toHaveTextContent(/^Meine Tickets$/);
    expect(screen.getByText(/Beschreiben Sie Ihr Anliegen/)).toBeInTheDocument();
    expect(screen.queryByText(/Describe your request/)).toBeNull();
  });
});
