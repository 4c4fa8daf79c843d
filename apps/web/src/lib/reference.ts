import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, bff, unwrap } from './api-client';

/*
 * The helpdesk's reference data for agents' pickers: the agents (owner, assignee, mentions) and
 * the states, priorities and groups a ticket can take. Shared by the inbox (bulk bar, filters,
 * overview admin) and the agent ticket view (side panel, composer).
 */

export type Agent = MethodResponse<Bff, 'get', '/bff/agent/agents'>['items'][number];
export type Reference = MethodResponse<Bff, 'get', '/bff/reference'>;

export const referenceKeys = {
  agents: () => ['agents'] as const,
  reference: () => ['reference'] as const,
};

export async function getAgents(signal?: AbortSignal): Promise<Agent[]> {
  return unwrap(await bff.GET('/bff/agent/agents', { signal })).items;
}

export function agentsQueryOptions() {
  return queryOptions({
    queryKey: referenceKeys.agents(),
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
    queryKey: referenceKeys.reference(),
    queryFn: ({ signal }) => getReference(signal),
    staleTime: 60_000,
  });
}

export function useReference() {
  return useQuery(referenceQueryOptions());
}
