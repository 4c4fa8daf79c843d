import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { serviceLevelKeys } from './keys';

export type Sla = MethodResponse<Bff, 'get', '/bff/agent/admin/slas'>['items'][number];
export type SlaInput = JsonBody<BffPaths['/bff/agent/admin/slas']['post']>;

export function slasQueryOptions() {
  return queryOptions({
    queryKey: serviceLevelKeys.slas(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/agent/admin/slas', { signal })).items,
  });
}

export function useSlas() {
  return useQuery(slasQueryOptions());
}

export function useSaveSla() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: number | null; input: SlaInput }) =>
      id === null
        ? unwrap(await bff.POST('/bff/agent/admin/slas', { body: input }))
        : unwrap(await bff.PUT('/bff/agent/admin/slas/{id}', { params: { path: { id } }, body: input })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceLevelKeys.slas() }),
  });
}

export function useDeleteSla() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) =>
      // 204 without a body: the client's middleware throws on a refusal, there is nothing to unwrap.
      void (await bff.DELETE('/bff/agent/admin/slas/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceLevelKeys.slas() }),
  });
}
