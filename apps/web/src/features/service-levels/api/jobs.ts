import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, bff, unwrap } from '@/lib/api-client';
import { serviceLevelKeys } from './keys';

export type WorkerJob = MethodResponse<Bff, 'get', '/bff/agent/admin/jobs'>['items'][number];

/** The worker's jobs, refreshed every half minute while the page is open (they run every minute). */
export function jobsQueryOptions() {
  return queryOptions({
    queryKey: serviceLevelKeys.jobs(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/agent/admin/jobs', { signal })).items,
    refetchInterval: 30_000,
  });
}

export function useJobs() {
  return useQuery(jobsQueryOptions());
}

export function useRunJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) =>
      unwrap(await bff.POST('/bff/agent/admin/jobs/{id}/run', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceLevelKeys.jobs() }),
  });
}
