import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunctionArgs } from 'react-router';
import { requireAgent } from '@/app/session';
import { adminCommunitiesQueryOptions } from '@/features/communities/api/admin-communities';
import { CommunitiesAdmin } from '@/features/communities/components/communities-admin';

/** Communities for admins (issue 16, path 3); the server's 403 becomes the Forbidden page. */
export function agentAdminCommunitiesLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    await requireAgent(queryClient, request);
    await queryClient.ensureQueryData(adminCommunitiesQueryOptions());
    return null;
  };
}

export const AgentAdminCommunitiesPage = CommunitiesAdmin;
