import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';

export type NotificationSettings = MethodResponse<Bff, 'get', '/bff/profile/notifications'>;
export type NotificationSettingsInput = JsonBody<BffPaths['/bff/profile/notifications']['put']>;
export type NotificationMatrix = NonNullable<NotificationSettings['matrix']>;

export const profileKeys = {
  all: ['profile'] as const,
  notifications: () => [...profileKeys.all, 'notifications'] as const,
};

export function notificationSettingsQueryOptions() {
  return queryOptions({
    queryKey: profileKeys.notifications(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/profile/notifications', { signal })),
  });
}

export function useNotificationSettings() {
  return useQuery(notificationSettingsQueryOptions());
}

/** Saves the settings; the reply (what the helpdesk now holds) becomes the cached settings. */
export function useSaveNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: NotificationSettingsInput) =>
      unwrap(await bff.PUT('/bff/profile/notifications', { body: input })),
    onSuccess: (saved) => queryClient.setQueryData(profileKeys.notifications(), saved),
  });
}

export function useResetNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await bff.POST('/bff/profile/notifications/reset')),
    onSuccess: (saved) => queryClient.setQueryData(profileKeys.notifications(), saved),
  });
}
