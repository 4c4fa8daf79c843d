import type { MethodResponse } from 'openapi-fetch';
import type { Bff, BffPaths, JsonBody } from '@/lib/api-client';

export type Overview = MethodResponse<Bff, 'get', '/bff/agent/overviews'>['items'][number];
export type OverviewPage = MethodResponse<Bff, 'get', '/bff/agent/overviews/{link}'>;
export type InboxRow = OverviewPage['items'][number];
export type SortColumn = NonNullable<
  NonNullable<BffPaths['/bff/agent/overviews/{link}']['get']['parameters']['query']>['sort_by']
>;
export type Sort = { by: SortColumn; order: 'asc' | 'desc' } | null;
export type BulkChange = JsonBody<BffPaths['/bff/agent/tickets/bulk']['post']>;
