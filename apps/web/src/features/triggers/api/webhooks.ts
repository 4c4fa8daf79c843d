import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { triggerKeys } from './keys';

export type Webhook = MethodResponse<Bff, 'get', '/bff/agent/admin/webhooks'>['items'][number];
export type WebhookInput = JsonBody<BffPaths['/bff/agent/admin/webhooks']['post']>;
export type Delivery = MethodResponse<
  Bff,
  'get',
  '/bff/agent/admin/webhooks/{id}/deliveries'
>['items'][number];

export function webhooksQueryOptions() {
  return queryOptions({
    queryKey: triggerKeys.webhooks(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/agent/admin/webhooks', { signal })).items,
  });
}

export function useWebhooks(enabled = true) {
  return useQuery({ ...webhooksQueryOptions(), enabled });
}

export function useDeliveries(id: number | null) {
  return useQuery({
    queryKey: triggerKeys.deliveries(id ?? 0),
    enabled: id !== null,
    queryFn: async ({ signal }) =>
      unwrap(
        await bff.GET('/bff/agent/admin/webhooks/{id}/deliveries', {
          params: { path: { id: id ?? 0 } },
          signal,
        }),
      ).items,
  });
}

export function useSaveWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: number | null; input: WebhookInput }) =>
      id === null
        ? unwrap(await bff.POST('/bff/agent/admin/webhooks', { body: input }))
        : unwrap(await bff.PUT('/bff/agent/admin/webhooks/{id}', { params: { path: { id } }, body: input })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: triggerKeys.webhooks() }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    // 204 without a body: the client's middleware throws on a refusal, so there is nothing to unwrap.
    mutationFn: async (id: number) => {
      await bff.DELETE('/bff/agent/admin/webhooks/{id}', { params: { path: { id } } });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: triggerKeys.webhooks() }),
  });
}
