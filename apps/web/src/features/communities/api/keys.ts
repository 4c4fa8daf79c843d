import type { KbLocale } from '@/lib/i18n';

/** Query keys of communities: the public portal and the admin list. */
export const communityKeys = {
  all: ['communities'] as const,
  portal: (slug: string, locale: KbLocale) => [...communityKeys.all, 'portal', slug, locale] as const,
  admin: () => [...communityKeys.all, 'admin'] as const,
};
