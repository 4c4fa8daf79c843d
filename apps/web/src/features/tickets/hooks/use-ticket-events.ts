import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvent } from '@/lib/live-events';
import { ticketKeys } from '@/lib/tickets/keys';

/**
 * Refetches ticket lists and details when the BFF's live stream (`GET /bff/events`) says tickets
 * the person can see changed.
 */
export function useTicketEvents(enabled: boolean) {
  const queryClient = useQueryClient();
  useLiveEvent('tickets', () => void queryClient.invalidateQueries({ queryKey: ticketKeys.all }), {
    enabled,
  });
}
