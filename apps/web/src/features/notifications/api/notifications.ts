import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/bff-schema.gen';

export type NotificationList = components['schemas']['NotificationList'];

export const notificationKeys = {
  all: ['notifications'] as const,
  list: () => [...notificationKeys.all, 'list'] as const,
};

/** Polled: the helpdesk has no push for notifications yet. */
export const NOTIFICATION_POLL_MS = 30_000;

export function notificationsQueryOptions() {
  return queryOptions({
    queryKey: notificationKeys.list(),
    queryFn: async ({ signal }): Promise<NotificationList> =>
      unwrap(await bff.GET('/bff/notifications', { signal })),
    refetchInterval: NOTIFICATION_POLL_MS,
  });
}

export function useNotifications() {
  return useQuery(notificationsQueryOptions());
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number | 'all') => {
      if (id === 'all') await bff.POST('/bff/notifications/read-all');
      else await bff.POST('/bff/notifications/{id}/read', { params: { path: { id } } });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
