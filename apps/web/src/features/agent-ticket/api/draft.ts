import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, bff, unwrap } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { agentTicketKeys } from './keys';

export type Draft = NonNullable<MethodResponse<Bff, 'get', '/bff/agent/tickets/{id}/draft'>['draft']>;
export type DraftInput = Pick<Draft, 'body' | 'internal' | 'state_id'> &
  Partial<Pick<Draft, 'priority_id' | 'group_id' | 'owner' | 'pending_time'>>;

export async function getDraft(id: number, signal?: AbortSignal): Promise<Draft | null> {
  return unwrap(await bff.GET('/bff/agent/tickets/{id}/draft', { params: { path: { id } }, signal })).draft;
}

export async function saveDraft(id: number, draft: DraftInput): Promise<void> {
  await bff.PUT('/bff/agent/tickets/{id}/draft', { params: { path: { id } }, body: draft });
}

/** Drops the server draft; none there (404) is as good as dropped. */
export async function deleteDraft(id: number): Promise<void> {
  try {
    await bff.DELETE('/bff/agent/tickets/{id}/draft', { params: { path: { id } } });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return;
    throw error;
  }
}

export function draftQueryOptions(id: number) {
  return queryOptions({
    queryKey: agentTicketKeys.draft(id),
    queryFn: ({ signal }) => getDraft(id, signal),
    // The composer owns the text once loaded: never overwrite what the agent is typing.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

export function useDraft(id: number) {
  return useQuery(draftQueryOptions(id));
}
