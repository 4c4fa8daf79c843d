import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, bff, unwrap } from '@/lib/api-client';
import { agentTicketKeys } from './keys';

export type TextModule = MethodResponse<Bff, 'get', '/bff/agent/text-modules'>['items'][number];

export async function getTextModules(signal?: AbortSignal): Promise<TextModule[]> {
  return unwrap(await bff.GET('/bff/agent/text-modules', { signal })).items;
}

export function textModulesQueryOptions() {
  return queryOptions({
    queryKey: agentTicketKeys.textModules(),
    queryFn: ({ signal }) => getTextModules(signal),
    staleTime: 300_000,
  });
}

export function useTextModules() {
  return useQuery(textModulesQueryOptions());
}
