/**
 * The desk's one clock. Everything whose result depends on "now" (due times, the worker's
 * schedule, the timestamps SLA figures are computed from: ticket and article creation, contact
 * times, state changes) asks it, and SQL that compares with "now" takes it as a parameter
 * instead of calling now(). In production it is the system clock. Tests (and the test-only
 * `/eosc_test_clock` route, DESK_TEST_CLOCK=1) set it: a set clock stands still at the instant
 * given until it is moved again, so what happens "at 10:00" happens at 10:00 exactly.
 * Module state: one clock per process.
 *
 * Leases of the worker's jobs are the exception: they measure how long a process has been
 * silent, which only real time can tell (the database's clock_timestamp()).
 */

let frozenAt: number | undefined;

/** Now, as the desk sees it. */
export function now(): Date {
  return new Date(nowMs());
}

export function nowMs(): number {
  return frozenAt ?? Date.now();
}

/** How far the clock is ahead of (or behind) real time, in milliseconds. */
export function clockOffsetMs(): number {
  return frozenAt === undefined ? 0 : frozenAt - Date.now();
}

/** Sets the clock to an instant, where it stays until moved again. */
export function setClock(at: Date | number): void {
  frozenAt = +at;
}

/** Moves the clock forward (a running clock stops at the new instant). */
export function advanceClock(ms: number): void {
  frozenAt = nowMs() + ms;
}

/** Back to the system clock. */
export function resetClock(): void {
  frozenAt = undefined;
}
