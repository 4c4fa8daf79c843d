import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { observeHelpdeskDate, resetHelpdeskClock } from '@/lib/server-clock';
import { dueStatus, dueWords, type SlaTicket, workingTimeParts } from '@/lib/sla';
import { DueBadge } from './due-badge';

// Monday 4 January 2027, 09:00 in Brussels; first response due at 13:00, warned from 12:00.
const CREATED = Date.parse('2027-01-04T08:00:00Z');
const HOUR = 3_600_000;
const ticket: SlaTicket = {
  escalation_at: '2027-01-04T12:00:00.000Z',
  escalation_warning_at: '2027-01-04T11:00:00.000Z',
  escalation_target: 'first_response',
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(CREATED);
});
afterEach(() => {
  resetHelpdeskClock();
  vi.useRealTimers();
  setLanguage('en');
});

const badge = () => document.querySelector('.due-badge') as HTMLElement;

describe('the due-time badge', () => {
  it('is neutral while on time and says how long is left', () => {
    render(<DueBadge ticket={ticket} />);
    expect(badge()).toHaveAttribute('data-tone', 'running');
    expect(badge()).toHaveClass('due-badge--running');
    expect(badge()).toHaveTextContent(/^4 h left/);
    // No icon while on time: the words alone.
    expect(badge().querySelector('.due-badge__icon')).toBeNull();
  });

  it('turns amber with a marker from the warning, and red when breached', () => {
    vi.setSystemTime(CREATED + 3 * HOUR);
    const { unmount } = render(<DueBadge ticket={ticket} />);
    expect(badge()).toHaveAttribute('data-tone', 'warning');
    expect(badge()).toHaveClass('due-badge--warning');
    expect(badge()).toHaveTextContent(/1 h left/);
    expect(badge().querySelector('.due-badge__icon')).toHaveAttribute('aria-hidden', 'true');
    unmount();

    vi.setSystemTime(CREATED + 5 * HOUR);
    render(<DueBadge ticket={ticket} />);
    expect(badge()).toHaveAttribute('data-tone', 'breached');
    expect(badge()).toHaveClass('due-badge--breached');
    expect(badge()).toHaveTextContent(/overdue 1 h/);
  });

  it('moves on with the clock by itself', () => {
    render(<DueBadge ticket={ticket} />);
    expect(badge()).toHaveAttribute('data-tone', 'running');
    act(() => {
      vi.setSystemTime(CREATED + 3 * HOUR + 60_000);
      vi.advanceTimersByTime(30_000);
    });
    expect(badge()).toHaveAttribute('data-tone', 'warning');
  });

  it("counts on the helpdesk's clock, not the browser's, and turns as soon as a reply shows it moved", () => {
    render(<DueBadge ticket={ticket} />);
    expect(badge()).toHaveTextContent(/4 h left/);
    // The helpdesk says it is 12:15 in Brussels (its clock moved on; the browser's did not).
    act(() => observeHelpdeskDate(new Date(CREATED + 3.25 * HOUR).toUTCString()));
    expect(badge()).toHaveAttribute('data-tone', 'warning');
    expect(badge()).toHaveTextContent(/45 min left/);
    act(() => observeHelpdeskDate(new Date(CREATED + 4 * HOUR + 5 * 60_000).toUTCString()));
    expect(badge()).toHaveAttribute('data-tone', 'breached');
    // A reply without the header (or an unreadable one) changes nothing.
    act(() => observeHelpdeskDate(null));
    act(() => observeHelpdeskDate('not a date'));
    expect(badge()).toHaveAttribute('data-tone', 'breached');
  });

  it('tells the exact due time, the target and the state in words, not by colour alone', () => {
    vi.setSystemTime(CREATED + 3.5 * HOUR);
    render(<DueBadge ticket={ticket} />);
    const title = badge().getAttribute('title') ?? '';
    expect(title).toMatch(/^Escalation warning: First response due 4 Jan 2027, \d\d:00$/);
    // Screen readers read the same description as part of the text.
    expect(badge().querySelector('.visually-hidden')).toHaveTextContent(`. ${title}`);
    expect(screen.getByText(/30 min left/)).toBeInTheDocument();
  });

  it('names the warning time while on time', () => {
    render(<DueBadge ticket={{ ...ticket, escalation_target: 'update' }} />);
    expect(badge().getAttribute('title')).toMatch(/^On time: Update due .+ \(warning from .+\)$/);
  });

  it('shows nothing without a due time, or "No SLA" where a cell needs it', () => {
    const none = { escalation_at: null, escalation_warning_at: null, escalation_target: null };
    const { container, unmount } = render(<DueBadge ticket={none} />);
    expect(container).toBeEmptyDOMElement();
    unmount();
    render(<DueBadge ticket={none} empty="dash" />);
    expect(screen.getByText('No SLA')).toBeInTheDocument();
  });

  it('speaks German', () => {
    setLanguage('de');
    vi.setSystemTime(CREATED + 5 * HOUR);
    render(<DueBadge ticket={ticket} />);
    expect(badge()).toHaveTextContent(/1 Std\. überfällig/);
    expect(badge().getAttribute('title')).toMatch(/^Eskaliert: Erste Antwort fällig am 04\.01\.2027/);
  });
});

describe('the words of the badge', () => {
  const words = (ms: number) => dueWords(ms);
  it('uses minutes below an hour, hours below two days, days beyond', () => {
    expect(words(4 * HOUR - 5_000)).toEqual({ key: 'due.leftHours', count: 4 });
    expect(words(25 * 60_000 + 1)).toEqual({ key: 'due.leftMinutes', count: 26 });
    expect(words(30 * HOUR)).toEqual({ key: 'due.leftHours', count: 30 });
    expect(words(2.4 * 24 * HOUR)).toEqual({ key: 'due.leftDays', count: 2 });
    expect(words(-90 * 60_000)).toEqual({ key: 'due.overdueHours', count: 1 });
    expect(words(-10 * 60_000)).toEqual({ key: 'due.overdueMinutes', count: 10 });
    expect(words(-3 * 24 * HOUR)).toEqual({ key: 'due.overdueDays', count: 3 });
  });

  it('reads the state at an instant (the warning may be missing)', () => {
    expect(dueStatus(ticket, CREATED)?.tone).toBe('running');
    expect(dueStatus({ ...ticket, escalation_warning_at: null }, CREATED + 3.5 * HOUR)?.tone).toBe('running');
    expect(dueStatus(ticket, Date.parse(ticket.escalation_at as string))?.tone).toBe('breached');
  });

  it('splits working minutes into working days (480 minutes) and hours', () => {
    expect(workingTimeParts(2400)).toEqual({ days: 5, hours: 0, minutes: 0 });
    expect(workingTimeParts(240)).toEqual({ days: 0, hours: 4, minutes: 0 });
    expect(workingTimeParts(510)).toEqual({ days: 1, hours: 0, minutes: 30 });
  });
});
