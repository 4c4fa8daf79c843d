import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { overviewKeys } from './keys';

export type AdminOverview = MethodResponse<Bff, 'get', '/bff/agent/admin/overviews'>['items'][number];
export type AdminOverviewInput = JsonBody<BffPaths['/bff/agent/admin/overviews']['post']>;
export type Condition = AdminOverview['condition'];
export type ConditionLeaf = Condition[string];

export const adminKeys = {
  all: ['admin-overviews'] as const,
  list: () => [...adminKeys.all, 'list'] as const,
  roles: () => [...adminKeys.all, 'roles'] as const,
};

export function adminOverviewsQueryOptions() {
  return queryOptions({
    queryKey: adminKeys.list(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/agent/admin/overviews', { signal })).items,
  });
}

export function useAdminOverviews() {
  return useQuery(adminOverviewsQueryOptions());
}

export function rolesQueryOptions() {
  return queryOptions({
    queryKey: adminKeys.roles(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/agent/admin/roles', { signal })).items,
    staleTime: 300_000,
  });
}

export function useRoles() {
  return useQuery(rolesQueryOptions());
}

/** After any change: the admin list and the inbox's own overviews (names, counts) are stale. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminKeys.all }),
      queryClient.invalidateQueries({ queryKey: overviewKeys.all }),
    ]);
}

export function useSaveOverview() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ id, input }: { id: number | null; input: AdminOverviewInput }) =>
      id === null
        ? unwrap(await bff.POST('/bff/agent/admin/overviews', { body: input }))
        : unwrap(await bff.PUT('/bff/agent/admin/overviews/{id}', { params: { path: { id } }, body: input })),
    onSettled: invalidate,
  });
}

export function useDeleteOverview() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (id: number) =>
      unwrap(await bff.DELETE('/bff/agent/admin/overviews/{id}', { params: { path: { id } } })),
    onSettled: invalidate,
  });
}

export function useReorderOverviews() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (ids: number[]) =>
      unwrap(await bff.POST('/bff/agent/admin/overviews/order', { body: { ids } })).items,
    onSettled: invalidate,
  });
}

/** The input form of an existing overview (what PUT takes back). */
export function inputOf(o: AdminOverview): AdminOverviewInput {
  return {
    name: o.name,
    link: o.link,
    active: o.active,
    role_ids: o.role_ids,
    condition: o.condition,
    order: o.order,
    group_by: o.group_by,
    group_direction: o.group_direction,
    view: o.view,
  };
}
