import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvent } from '@/lib/live-events';
import { overviewKeys } from '../api/keys';

/**
 * Refreshes overview counts and rows when the BFF's event stream reports changed tickets.
 * Without EventSource (tests, old browsers) the counts' refetchInterval still keeps them fresh.
 */
export function useLiveRefresh() {
  const queryClient = useQueryClient();
  useLiveEvent('tickets', () => void queryClient.invalidateQueries({ queryKey: overviewKeys.all }));
}
