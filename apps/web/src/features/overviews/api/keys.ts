import { overviewsKey } from '@/lib/tickets/keys';
import type { Sort } from './types';

/** Query keys of the agent inbox; `all` is invalidated after bulk changes and live events. */
export const overviewKeys = {
  all: overviewsKey,
  list: () => [...overviewKeys.all, 'list'] as const,
  pages: () => [...overviewKeys.all, 'page'] as const,
  page: (link: string, sort: Sort) => [...overviewKeys.pages(), link, sort] as const,
  search: (q: string) => [...overviewKeys.all, 'search', q] as const,
};
