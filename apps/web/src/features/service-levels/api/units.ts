import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { referenceKeys } from '@/lib/reference';
import { serviceLevelKeys } from './keys';

export type SupportUnit = MethodResponse<Bff, 'get', '/bff/agent/admin/units'>['items'][number];
export type SupportUnitInput = JsonBody<BffPaths['/bff/agent/admin/units/{id}']['put']>;
export type QosLevel = NonNullable<SupportUnit['qos_level']>;

export function unitsQueryOptions() {
  return queryOptions({
    queryKey: serviceLevelKeys.units(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/agent/admin/units', { signal })).items,
  });
}

export function useUnits() {
  return useQuery(unitsQueryOptions());
}

/**
 * Saves a unit. A level change rewrites the desk's QoS SLAs, and agents' pickers show levels,
 * lines and guides: the SLAs and the reference data are stale too.
 */
export function useSaveUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: number; input: SupportUnitInput }) =>
      unwrap(await bff.PUT('/bff/agent/admin/units/{id}', { params: { path: { id } }, body: input })),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: serviceLevelKeys.all }),
        queryClient.invalidateQueries({ queryKey: referenceKeys.reference() }),
      ]),
  });
}
