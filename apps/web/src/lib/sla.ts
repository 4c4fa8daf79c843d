import type { TicketSummary } from './tickets/types';

/*
 * Where a ticket's SLA clock stands, for the due-time badge: computed in the browser from the
 * BFF's `escalation_at` and `escalation_warning_at` (the desk's working-time figure, or the BFF's
 * estimate against a Zammad without it) and the reader's clock.
 */

export type SlaTicket = Pick<TicketSummary, 'escalation_at' | 'escalation_warning_at' | 'escalation_target'>;

/** Neutral while on time, amber from the warning, red once the due time has passed. */
export type DueTone = 'running' | 'warning' | 'breached';

export type DueStatus = {
  tone: DueTone;
  /** Milliseconds until the due time; negative once overdue. */
  left: number;
  due: string;
  warningAt: string | null;
  target: TicketSummary['escalation_target'];
};

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/** The SLA state of a ticket at `now`, or null when no due time runs. */
export function dueStatus(ticket: SlaTicket, now: number): DueStatus | null {
  const due = ms(ticket.escalation_at);
  if (!ticket.escalation_at || Number.isNaN(due)) return null;
  const warning = ms(ticket.escalation_warning_at);
  const tone: DueTone =
    now >= due ? 'breached' : !Number.isNaN(warning) && now >= warning ? 'warning' : 'running';
  return {
    tone,
    left: due - now,
    due: ticket.escalation_at,
    warningAt: ticket.escalation_warning_at,
    target: ticket.escalation_target,
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The time left (or overdue) as a short phrase: i18n key and count. Minutes below an hour,
 * hours below two days (rounded: "4 h left" for 3 h 59 min 50 s), days beyond.
 */
export function dueWords(left: number): { key: string; count: number } {
  const overdue = left <= 0;
  const span = Math.abs(left);
  const prefix = overdue ? 'due.overdue' : 'due.left';
  if (span < HOUR) {
    const minutes = overdue ? Math.floor(span / MINUTE) : Math.ceil(span / MINUTE);
    return { key: `${prefix}Minutes`, count: Math.max(minutes, overdue ? 0 : 1) };
  }
  if (span < 2 * DAY) {
    const hours = overdue ? Math.floor(span / HOUR) : Math.round(span / HOUR);
    return { key: `${prefix}Hours`, count: hours };
  }
  return { key: `${prefix}Days`, count: overdue ? Math.floor(span / DAY) : Math.round(span / DAY) };
}

/** Working minutes (an SLA's due time) as working days and hours: 480 a day (DOMAIN.md). */
export const WORKING_DAY_MINUTES = 480;

export function workingTimeParts(minutes: number): { days: number; hours: number; minutes: number } {
  const days = Math.floor(minutes / WORKING_DAY_MINUTES);
  const rest = minutes - days * WORKING_DAY_MINUTES;
  return { days, hours: Math.floor(rest / 60), minutes: rest % 60 };
}
