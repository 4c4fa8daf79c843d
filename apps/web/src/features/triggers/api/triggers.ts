import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import type { Condition } from '@/components/condition-editor/condition-model';
import { type Bff, type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { triggerKeys } from './keys';

export type Trigger = MethodResponse<Bff, 'get', '/bff/agent/admin/triggers'>['items'][number];
export type TriggerInput = JsonBody<BffPaths['/bff/agent/admin/triggers']['post']>;
export type Perform = TriggerInput['perform'];
export type TriggerPreview = MethodResponse<Bff, 'post', '/bff/agent/admin/triggers/preview'>;

export function triggersQueryOptions() {
  return queryOptions({
    queryKey: triggerKeys.triggers(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/agent/admin/triggers', { signal })).items,
  });
}

export function useTriggers() {
  return useQuery(triggersQueryOptions());
}

/** Open tickets matching a condition now; the last answer stays while the next one loads. */
export function useTriggerPreview(condition: Condition | null) {
  return useQuery({
    queryKey: triggerKeys.preview(condition),
    enabled: condition !== null,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) =>
      unwrap(
        await bff.POST('/bff/agent/admin/triggers/preview', { body: { condition: condition ?? {} }, signal }),
      ),
  });
}

export function useSaveTrigger() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: number | null; input: TriggerInput }) =>
      id === null
        ? unwrap(await bff.POST('/bff/agent/admin/triggers', { body: input }))
        : unwrap(await bff.PUT('/bff/agent/admin/triggers/{id}', { params: { path: { id } }, body: input })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: triggerKeys.triggers() }),
  });
}

export function useDeleteTrigger() {
  const queryClient = useQueryClient();
  return useMutation({
    // 204 without a body: the client's middleware throws on a refusal, so there is nothing to unwrap.
    mutationFn: async (id: number) => {
      await bff.DELETE('/bff/agent/admin/triggers/{id}', { params: { path: { id } } });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: triggerKeys.triggers() }),
  });
}
