/**
 * A ticket's due times and SLA figures (docs/service-levels.md), as Zammad's Escalation class
 * computes them, from facts gathered elsewhere (recompute.ts). Pure: no database, no clock.
 *
 * Zammad updates these incrementally and keeps what it computed before when nothing it looks
 * at changed; we recompute from the facts every time, which gives the same values and needs
 * no bookkeeping in the ticket's preferences. Where the two differ, on purpose:
 * - `update_in_min` is the longest wait between a customer's message (the start of a customer
 *   thread) and the agent's answer that ended it, over the whole ticket; Zammad keeps the
 *   longest value it happened to compute, which later agent messages can stretch.
 * - without an SLA (or its time), the matching figures are null; Zammad leaves old values.
 */
import type { BusinessCalendar, Interval } from './business-time.ts';

export interface TicketFacts {
  createdAt: number;
  /** The last change: the start of the five working days before a review is due. */
  updatedAt: number;
  firstResponseAt: number | null;
  closeAt: number | null;
  lastContactCustomerAt: number | null;
  lastContactAgentAt: number | null;
  /** The current state stops the clock (`ignore_escalation`: pending, closed, merged). */
  clockStopped: boolean;
  /** The current state is new or open: the review rule applies. */
  reviewable: boolean;
  /** Past periods in clock-stopping states (`stateBreaks`). */
  breaks: Interval[];
  /** Customer thread start → the agent's answer, oldest first (`customerWaits`). */
  waits: [number, number][];
}

export interface SlaTimes {
  first_response_time: number | null;
  update_time: number | null;
  solution_time: number | null;
}

export interface DueTimes {
  first_response_escalation_at: number | null;
  update_escalation_at: number | null;
  close_escalation_at: number | null;
  escalation_at: number | null;
  escalation_warning_at: number | null;
  review_at: number | null;
  first_response_in_min: number | null;
  first_response_diff_in_min: number | null;
  update_in_min: number | null;
  update_diff_in_min: number | null;
  close_in_min: number | null;
  close_diff_in_min: number | null;
}

export const DUE_FIELDS = [
  'first_response_escalation_at',
  'update_escalation_at',
  'close_escalation_at',
  'escalation_at',
  'escalation_warning_at',
  'review_at',
] as const;
export const FIGURE_FIELDS = [
  'first_response_in_min',
  'first_response_diff_in_min',
  'update_in_min',
  'update_diff_in_min',
  'close_in_min',
  'close_diff_in_min',
] as const;

/** The share of a target's working time after which its unit is warned (DOMAIN.md: 75 %). */
export const WARNING_SHARE = 0.75;
/** DOMAIN.md: every open ticket is looked at again at least every five working days. */
export const REVIEW_MINUTES = 5 * 480;

const positive = (n: number | null | undefined): n is number => typeof n === 'number' && n > 0;

interface Target {
  due: number;
  warning: number;
}

function target(biz: BusinessCalendar, start: number, minutes: number, breaks: Interval[]): Target {
  return {
    due: biz.add(start, minutes, breaks),
    warning: biz.add(start, minutes * WARNING_SHARE, breaks),
  };
}

/** Zammad's agent_responded?: the agent's last contact came after the customer's. */
export function agentResponded(
  f: Pick<TicketFacts, 'lastContactCustomerAt' | 'lastContactAgentAt'>,
): boolean {
  return (
    f.lastContactCustomerAt !== null &&
    f.lastContactAgentAt !== null &&
    f.lastContactCustomerAt < f.lastContactAgentAt
  );
}

/** Working minutes of a period, clamped to the ticket's life (PeriodWorkingMinutes). */
function minutes(biz: BusinessCalendar, f: TicketFacts, start: number, end: number): number {
  const from = Math.max(start, f.createdAt);
  const to = f.closeAt === null ? end : Math.min(end, f.closeAt);
  return biz.minutesBetween(from, to, f.breaks);
}

const NONE: DueTimes = {
  first_response_escalation_at: null,
  update_escalation_at: null,
  close_escalation_at: null,
  escalation_at: null,
  escalation_warning_at: null,
  review_at: null,
  first_response_in_min: null,
  first_response_diff_in_min: null,
  update_in_min: null,
  update_diff_in_min: null,
  close_in_min: null,
  close_diff_in_min: null,
};

/**
 * The due times and figures of a ticket under an SLA and its calendar (both absent: none);
 * `reviewCalendar` (the SLA's, else the default calendar) times the review rule.
 */
export function computeDueTimes(
  f: TicketFacts,
  sla: SlaTimes | undefined,
  biz: BusinessCalendar | undefined,
  reviewCalendar: BusinessCalendar | undefined,
): DueTimes {
  const out: DueTimes = { ...NONE };
  if (f.reviewable && reviewCalendar) out.review_at = reviewCalendar.add(f.updatedAt, REVIEW_MINUTES);
  if (!sla || !biz) return out;
  const running = !f.clockStopped;
  const targets: Target[] = [];

  if (positive(sla.first_response_time)) {
    if (running && f.firstResponseAt === null) {
      const t = target(biz, f.createdAt, sla.first_response_time, f.breaks);
      out.first_response_escalation_at = t.due;
      targets.push(t);
    }
    if (f.firstResponseAt !== null) {
      out.first_response_in_min = minutes(biz, f, f.createdAt, f.firstResponseAt);
      out.first_response_diff_in_min = sla.first_response_time - out.first_response_in_min;
    }
  }

  if (positive(sla.update_time)) {
    if (running && f.lastContactCustomerAt !== null && !agentResponded(f)) {
      const t = target(biz, f.lastContactCustomerAt, sla.update_time, f.breaks);
      out.update_escalation_at = t.due;
      targets.push(t);
    }
    if (f.waits.length > 0) {
      out.update_in_min = Math.max(...f.waits.map(([from, to]) => minutes(biz, f, from, to)));
      out.update_diff_in_min = sla.update_time - out.update_in_min;
    }
  }

  if (positive(sla.solution_time)) {
    if (running && f.closeAt === null) {
      const t = target(biz, f.createdAt, sla.solution_time, f.breaks);
      out.close_escalation_at = t.due;
      targets.push(t);
    }
    if (f.closeAt !== null) {
      out.close_in_min = minutes(biz, f, f.createdAt, f.closeAt);
      out.close_diff_in_min = sla.solution_time - out.close_in_min;
    }
  }

  if (targets.length > 0) {
    out.escalation_at = Math.min(...targets.map((t) => t.due));
    out.escalation_warning_at = Math.min(...targets.map((t) => t.warning));
  }
  return out;
}

/**
 * The periods a ticket spent in clock-stopping states, from its state history (Zammad's
 * TicketBizBreak): each change opens the period of the state it went to, the next change
 * closes it. When the first change is not at creation, the ticket began in that change's
 * `from` state (or, without changes, in its current one). The current state's own period is
 * open-ended and not a break: while it lasts, there are no due times at all.
 */
export function stateBreaks(
  createdAt: number,
  changes: { from: number | null; to: number | null; at: number }[],
  currentStateId: number,
  stopping: ReadonlySet<number>,
): Interval[] {
  const first = changes[0];
  const steps: { state: number | null; at: number }[] = changes.map((c) => ({ state: c.to, at: c.at }));
  if (!first || first.at !== createdAt)
    steps.unshift({ state: first ? first.from : currentStateId, at: createdAt });
  const breaks: Interval[] = [];
  for (let i = 0; i + 1 < steps.length; i++) {
    const step = steps[i] as { state: number | null; at: number };
    const next = steps[i + 1] as { at: number };
    if (step.state !== null && stopping.has(step.state) && next.at > step.at)
      breaks.push({ start: step.at, end: next.at });
  }
  return breaks;
}

export const AGENT_SENDER = 1;
export const CUSTOMER_SENDER = 2;

/**
 * The customer's waits, from the public communication articles by a customer or an agent in
 * order (Zammad's `check_if_agent_already_replied`: a customer thread starts with the first
 * customer message after an agent's, or the first at all, and the next agent message answers
 * it).
 */
export function customerWaits(articles: { sender: number; at: number }[]): [number, number][] {
  const waits: [number, number][] = [];
  let threadStart: number | null = null;
  let previous: number | null = null;
  for (const a of articles) {
    if (a.sender === CUSTOMER_SENDER && previous !== CUSTOMER_SENDER) threadStart = a.at;
    if (a.sender === AGENT_SENDER && previous === CUSTOMER_SENDER && threadStart !== null)
      waits.push([threadStart, a.at]);
    previous = a.sender;
  }
  return waits;
}
