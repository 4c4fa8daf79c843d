import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { communityKeys } from './keys';

/** Communities for admins: branding, units and services (issue 16, path 3). */
export type AdminCommunities = MethodResponse<Bff, 'get', '/bff/agent/admin/communities'>;
export type AdminCommunity = AdminCommunities['items'][number];
export type AdminCommunityInput = JsonBody<BffPaths['/bff/agent/admin/communities/{id}']['put']>;
export type AdminCommunityCreate = JsonBody<BffPaths['/bff/agent/admin/communities']['post']>;

export function adminCommunitiesQueryOptions() {
  return queryOptions({
    queryKey: communityKeys.admin(),
    queryFn: async ({ signal }): Promise<AdminCommunities> =>
      unwrap(await bff.GET('/bff/agent/admin/communities', { signal })),
  });
}

export function useAdminCommunities() {
  return useQuery(adminCommunitiesQueryOptions());
}

/** Creates (no id) or changes a community; every community query is stale afterwards. */
export function useSaveCommunity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: number | null; input: AdminCommunityCreate }) =>
      id === null
        ? unwrap(await bff.POST('/bff/agent/admin/communities', { body: input }))
        : unwrap(
            await bff.PUT('/bff/agent/admin/communities/{id}', {
              params: { path: { id } },
              body: input as AdminCommunityInput,
            }),
          ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: communityKeys.all }),
  });
}
