import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';

export type KbTree = MethodResponse<Bff, 'get', '/bff/agent/kb'>;
export type KbCategory = KbTree['categories'][number];
export type KbAnswerSummary = KbTree['answers'][number];
export type KbAnswer = MethodResponse<Bff, 'get', '/bff/agent/kb/answers/{id}'>;
export type KbLocale = KbCategory['translations'][number]['locale'];
export type AnswerState = KbAnswer['state'];
export type CategoryInput = JsonBody<BffPaths['/bff/agent/kb/categories']['post']>;
export type AnswerInput = JsonBody<BffPaths['/bff/agent/kb/answers']['post']>;
export type AnswerAction = 'publish' | 'internal' | 'archive' | 'unarchive';

export const kbEditorKeys = {
  all: ['kb-editor'] as const,
  tree: () => [...kbEditorKeys.all, 'tree'] as const,
  answer: (id: number) => [...kbEditorKeys.all, 'answer', id] as const,
};

export function kbTreeQueryOptions() {
  return queryOptions({
    queryKey: kbEditorKeys.tree(),
    queryFn: async ({ signal }) => unwrap(await bff.GET('/bff/agent/kb', { signal })),
  });
}

export function useKbTree() {
  return useQuery(kbTreeQueryOptions());
}

export function kbAnswerQueryOptions(id: number) {
  return queryOptions({
    queryKey: kbEditorKeys.answer(id),
    queryFn: async ({ signal }) =>
      unwrap(await bff.GET('/bff/agent/kb/answers/{id}', { params: { path: { id } }, signal })),
  });
}

/** Tree writes answer with the new tree: it replaces the cached one at once. */
function useTreeMutation<V>(fn: (v: V) => Promise<KbTree>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (tree) => queryClient.setQueryData(kbEditorKeys.tree(), tree),
  });
}

export const useCreateCategory = () =>
  useTreeMutation(async (body: CategoryInput) =>
    unwrap(await bff.POST('/bff/agent/kb/categories', { body })),
  );

export const usePatchCategory = () =>
  useTreeMutation(
    async ({
      id,
      ...body
    }: {
      id: number;
      parent_id?: number | null;
      translations?: CategoryInput['translations'];
    }) => unwrap(await bff.PATCH('/bff/agent/kb/categories/{id}', { params: { path: { id } }, body })),
  );

export const useDeleteCategory = () =>
  useTreeMutation(async (id: number) =>
    unwrap(await bff.DELETE('/bff/agent/kb/categories/{id}', { params: { path: { id } } })),
  );

export const useOrderCategories = () =>
  useTreeMutation(async (body: { parent_id: number | null; ids: number[] }) =>
    unwrap(await bff.POST('/bff/agent/kb/categories/order', { body })),
  );

/** Answer writes: the answer's cache gets the reply, the tree (states, titles) is refetched. */
function useAnswerMutation<V>(fn: (v: V) => Promise<KbAnswer>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (answer) => queryClient.setQueryData(kbEditorKeys.answer(answer.id), answer),
    onSettled: () => queryClient.invalidateQueries({ queryKey: kbEditorKeys.tree() }),
  });
}

export const useCreateAnswer = () =>
  useAnswerMutation(async (body: AnswerInput) => unwrap(await bff.POST('/bff/agent/kb/answers', { body })));

export const usePatchAnswer = () =>
  useAnswerMutation(async ({ id, ...body }: { id: number } & Partial<AnswerInput>) =>
    unwrap(await bff.PATCH('/bff/agent/kb/answers/{id}', { params: { path: { id } }, body })),
  );

export const useAnswerAction = () =>
  useAnswerMutation(async ({ id, action }: { id: number; action: AnswerAction }) =>
    unwrap(await bff.POST('/bff/agent/kb/answers/{id}/{action}', { params: { path: { id, action } } })),
  );
