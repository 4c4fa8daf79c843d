import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { ticketKeys } from '../api/keys';

/**
 * Listens to the BFF's live stream (`GET /bff/events`) and refetches ticket lists and details
 * when tickets the person can see changed; `onChange` lets the app refresh other things too.
 */
export function useTicketEvents(enabled: boolean, onChange?: () => void) {
  const queryClient = useQueryClient();
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/bff/events');
    source.addEventListener('tickets', () => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      callback.current?.();
    });
    return () => source.close();
  }, [enabled, queryClient]);
}
