import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, bff, unwrap } from '@/lib/api-client';
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

export async function deleteDraft(id: number): Promise<void> {
  await bff.DELETE('/bff/agent/tickets/{id}/draft', { params: { path: { id } } });
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
