/**
 * The desk's one clock. Everything whose result depends on "now" (due times, the worker's
 * schedule, the timestamps SLA figures are computed from: ticket and article creation, contact
 * times, state changes) asks it, and SQL that compares with "now" takes it as a parameter
 * instead of calling now(). In production it is the system clock; tests (and the test-only
 * `/eosc_test_clock` route, DESK_TEST_CLOCK=1) move it. Module state: one clock per process.
 *
 * Leases of the worker's jobs are the exception: they measure how long a process has been
 * silent, which only real time can tell (the database's clock_timestamp()).
 */

let offsetMs = 0;

/** Now, as the desk sees it. */
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function nowMs(): number {
  return Date.now() + offsetMs;
}

/** How far the clock is ahead of (or behind) real time, in milliseconds. */
export function clockOffsetMs(): number {
  return offsetMs;
}

/** Moves the clock to an instant. */
export function setClock(at: Date | number): void {
  offsetMs = +at - Date.now();
}

/** Moves the clock forward. */
export function advanceClock(ms: number): void {
  offsetMs += ms;
}

/** Back to real time. */
export function resetClock(): void {
  offsetMs = 0;
}
