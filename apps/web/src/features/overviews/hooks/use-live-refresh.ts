import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { overviewKeys } from '../api/keys';

/**
 * Refreshes overview counts and rows when the BFF's event stream reports changed tickets.
 * Without EventSource (tests, old browsers) the counts' refetchInterval still keeps them fresh.
 */
export function useLiveRefresh() {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/bff/events');
    const onTickets = () => {
      void queryClient.invalidateQueries({ queryKey: overviewKeys.all });
    };
    source.addEventListener('tickets', onTickets);
    return () => {
      source.removeEventListener('tickets', onTickets);
      source.close();
    };
  }, [queryClient]);
}
