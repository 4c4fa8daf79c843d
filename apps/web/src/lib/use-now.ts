import { useEffect, useState } from 'react';
import { useHelpdeskOffset } from './server-clock';

/**
 * The current time at each render, and a re-render every `intervalMs`, so time-relative labels
 * move on by themselves (and a refetch shows them as of now, not as of the last tick).
 */
export function useNow(intervalMs = 30_000): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return Date.now();
}

/**
 * Like `useNow`, on the helpdesk's clock (lib/server-clock.ts): what SLA due times compare with.
 * Re-renders when a reply shows the helpdesk's clock has moved.
 */
export function useHelpdeskNow(intervalMs = 30_000): number {
  return useNow(intervalMs) + useHelpdeskOffset();
}
