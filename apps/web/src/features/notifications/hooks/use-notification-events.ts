import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvent } from '@/lib/live-events';
import { notificationKeys } from '../api/notifications';

/**
 * Refetches the bell's list when the live stream says tickets changed (a change to a ticket is
 * what notifications are about), instead of waiting for the next poll.
 */
export function useNotificationEvents(enabled: boolean) {
  const queryClient = useQueryClient();
  useLiveEvent('tickets', () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all }), {
    enabled,
  });
}
