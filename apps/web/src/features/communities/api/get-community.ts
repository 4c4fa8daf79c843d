import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/bff-schema.gen';
import type { KbLocale } from '@/lib/i18n';
import { communityKeys } from './keys';

/** A community's portal: branding, its services, its help-center categories (public). */
export type CommunityPortal = components['schemas']['CommunityPortal'];

export function communityQueryOptions(slug: string, locale: KbLocale) {
  return queryOptions({
    queryKey: communityKeys.portal(slug, locale),
    queryFn: async ({ signal }): Promise<CommunityPortal> =>
      unwrap(
        await bff.GET('/bff/communities/{slug}', { params: { path: { slug }, query: { locale } }, signal }),
      ),
    staleTime: 60_000,
  });
}

export function useCommunity(slug: string, locale: KbLocale): CommunityPortal {
  return useSuspenseQuery(communityQueryOptions(slug, locale)).data;
}
