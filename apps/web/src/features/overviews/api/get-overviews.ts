import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import { overviewKeys } from './keys';
import type { Overview } from './types';

export async function getOverviews(signal?: AbortSignal): Promise<Overview[]> {
  return unwrap(await bff.GET('/bff/agent/overviews', { signal })).items;
}

/** The agent's overviews with counts; refreshed on live events and every 30 s as a fallback. */
export function overviewsQueryOptions() {
  return queryOptions({
    queryKey: overviewKeys.list(),
    queryFn: ({ signal }) => getOverviews(signal),
    refetchInterval: 30_000,
  });
}

export function useOverviews(): Overview[] {
  return useSuspenseQuery(overviewsQueryOptions()).data;
}
