import { queryOptions, useQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import { overviewKeys } from './keys';
import type { Agent, Reference } from './types';

export async function getAgents(signal?: AbortSignal): Promise<Agent[]> {
  return unwrap(await bff.GET('/bff/agent/agents', { signal })).items;
}

export function agentsQueryOptions() {
  return queryOptions({
    queryKey: overviewKeys.agents(),
    queryFn: ({ signal }) => getAgents(signal),
    staleTime: 300_000,
  });
}

export function useAgents() {
  return useQuery(agentsQueryOptions());
}

export async function getReference(signal?: AbortSignal): Promise<Reference> {
  return unwrap(await bff.GET('/bff/reference', { signal }));
}

/** States, priorities and groups for the bulk and ticket controls. */
export function referenceQueryOptions() {
  return queryOptions({
    queryKey: overviewKeys.reference(),
    queryFn: ({ signal }) => getReference(signal),
    staleTime: 60_000,
  });
}

export function useReference() {
  return useQuery(referenceQueryOptions());
}
