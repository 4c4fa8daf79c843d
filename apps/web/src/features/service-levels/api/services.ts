import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { servicesQueryOptions } from '@/lib/services';
import { serviceLevelKeys } from './keys';

/** The service catalogue for admins (issue 16): group, integration mode, provider's contacts. */
export type AdminService = MethodResponse<Bff, 'get', '/bff/agent/admin/services'>['items'][number];
export type AdminServiceInput = JsonBody<BffPaths['/bff/agent/admin/services/{id}']['put']>;
export type Integration = AdminService['integration'];

export function adminServicesQueryOptions() {
  return queryOptions({
    queryKey: serviceLevelKeys.services(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/agent/admin/services', { signal })).items,
  });
}

export function useAdminServices() {
  return useQuery(adminServicesQueryOptions());
}

/** Saves a service; the new-ticket form's catalogue is stale afterwards. */
export function useSaveService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: number; input: AdminServiceInput }) =>
      unwrap(await bff.PUT('/bff/agent/admin/services/{id}', { params: { path: { id } }, body: input })),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: serviceLevelKeys.services() }),
        queryClient.invalidateQueries({ queryKey: servicesQueryOptions().queryKey }),
      ]),
  });
}
