import { queryOptions, useQuery } from '@tanstack/react-query';
import { bff, unwrap } from './api-client';
import type { components } from './bff-schema.gen';

/** The EOSC services a ticket can be about (the new-ticket form and the inbox's filters). */
export type EoscService = components['schemas']['EoscService'];

export function servicesQueryOptions() {
  return queryOptions({
    queryKey: ['services'] as const,
    queryFn: async ({ signal }): Promise<EoscService[]> => unwrap(await bff.GET('/bff/services', { signal })),
    staleTime: 5 * 60_000,
  });
}

export function useServices() {
  return useQuery(servicesQueryOptions());
}
