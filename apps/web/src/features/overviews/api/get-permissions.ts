import { queryOptions, useQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';

export async function getPermissions(signal?: AbortSignal) {
  return unwrap(await bff.GET('/bff/agent/permissions', { signal }));
}

/** What the agent may administer: decides which admin links show (the server enforces it). */
export function permissionsQueryOptions() {
  return queryOptions({
    queryKey: ['agent-permissions'] as const,
    queryFn: ({ signal }) => getPermissions(signal),
    staleTime: 300_000,
  });
}

export function usePermissions() {
  return useQuery(permissionsQueryOptions());
}
