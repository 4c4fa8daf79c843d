import { useSyncExternalStore } from 'react';

/*
 * The helpdesk's clock, as far as the browser can tell: SLA due times run on it, so "time left"
 * is measured against it rather than against the reader's computer (which may be off, and which
 * a test that moves the helpdesk's clock does not move). The BFF passes on the `Date` of the
 * helpdesk's replies; the offset from the browser's clock is kept here.
 */

/** The header the BFF answers with: the `Date` of the helpdesk's latest reply. */
export const HELPDESK_DATE_HEADER = 'X-Helpdesk-Date';

// `Date` headers have whole seconds: smaller moves are noise, not news.
const JITTER_MS = 2_000;

let offsetMs = 0;
const listeners = new Set<() => void>();

/** Notes the helpdesk's time from a reply's header (ignored when absent or unreadable). */
export function observeHelpdeskDate(header: string | null, receivedAt = Date.now()): void {
  if (!header) return;
  const at = Date.parse(header);
  if (Number.isNaN(at)) return;
  // The header drops the milliseconds: its second began up to a second before it was sent.
  const next = at + 500 - receivedAt;
  if (Math.abs(next - offsetMs) < JITTER_MS) return;
  offsetMs = next;
  for (const listener of listeners) listener();
}

/** Milliseconds the helpdesk's clock is ahead of the browser's (negative: behind). */
export function helpdeskOffsetMs(): number {
  return offsetMs;
}

/** For tests: back to the browser's clock. */
export function resetHelpdeskClock(): void {
  offsetMs = 0;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The helpdesk's offset, re-rendering when it changes. */
export function useHelpdeskOffset(): number {
  return useSyncExternalStore(subscribe, helpdeskOffsetMs, helpdeskOffsetMs);
}
