import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunctionArgs } from 'react-router';
import { requireUser } from '@/app/session';
import { notificationSettingsQueryOptions } from '@/features/profile/api/notification-settings';
import { ProfilePage as Page } from '@/features/profile/components/profile-page';

/** Every signed-in person's profile: their notification settings. */
export const profileLoader =
  (queryClient: QueryClient) =>
  async ({ request }: LoaderFunctionArgs) => {
    await requireUser(queryClient, request);
    await queryClient.ensureQueryData(notificationSettingsQueryOptions());
    return null;
  };

export const ProfilePage = Page;
