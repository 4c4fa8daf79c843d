/*
 * Small pure helpers of the Zammad path: buckets (UTC days, ISO weeks named by their Monday),
 * percentile_disc and the closed spans of a ticket's state history. Each mirrors the SQL of the
 * desk's reports (apps/desk/src/domain/reports) so both paths give the same numbers.
 */
import { DAY_MS, isEnded, type Period, type StateChange, type StateKinds, type ZTicket } from './model.ts';

export type Interval = 'day' | 'week';

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** The bucket an instant falls in: its UTC day, or the Monday of its ISO week (UTC). */
export function bucketOf(interval: Interval, at: number): string {
  if (interval === 'day') return isoDay(at);
  const day = Math.floor(at / DAY_MS) * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return isoDay(day - weekday * DAY_MS);
}

/** The buckets covering the period, in order (a week bucket may start before `from`). */
export function bucketStarts(p: Period, interval: Interval): string[] {
  const out: string[] = [];
  const first = Date.parse(`${bucketOf(interval, p.start)}T00:00:00Z`);
  const step = (interval === 'day' ? 1 : 7) * DAY_MS;
  for (let d = first; d < p.end; d += step) out.push(isoDay(d));
  return out;
}

/**
 * PostgreSQL's percentile_disc: the first value (in ascending order) whose cumulative share
 * reaches `fraction`; null for no values.
 */
export function percentileDisc(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.max(0, Math.ceil(fraction * sorted.length) - 1);
  return sorted[index] as number;
}

/** A span during which a ticket was closed or merged; `until` null: still. */
export interface Span {
  start: number;
  until: number | null;
}

/**
 * The ticket's closed-or-merged spans (docs/reports.md, "Open at an instant"): from each change
 * into a closed or merged state to the next change; a ticket whose first change leaves such a
 * state was in it from creation; a ticket without state history has been in its current state
 * since creation (closed or merged: since `close_at`, else creation).
 */
export function closedSpans(t: ZTicket, changes: readonly StateChange[], kinds: StateKinds): Span[] {
  const ch = [...changes].sort((a, b) => a.at - b.at || a.id - b.id);
  if (ch.length === 0)
    return isEnded(kinds, t.state_id) ? [{ start: t.close_at ?? t.created_at, until: null }] : [];
  const spans: Span[] = [];
  ch.forEach((c, i) => {
    if (isEnded(kinds, c.to)) spans.push({ start: c.at, until: ch[i + 1]?.at ?? null });
  });
  const first = ch[0] as StateChange;
  if (isEnded(kinds, first.from)) spans.push({ start: t.created_at, until: first.at });
  return spans;
}

/** Open at instant `at`: created before it and in no closed or merged span at it. */
export function openAt(t: ZTicket, spans: readonly Span[], at: number): boolean {
  return t.created_at < at && !spans.some((s) => s.start < at && (s.until === null || s.until >= at));
}
