import type { Schemas, ZammadClient } from '@eosc/zammad-api';
import { BffError } from './errors.ts';

/*
 * Communities (issue 16, path 3) as the portal reads them: with the service token, since a
 * community's branded portal is public. A helpdesk without communities (a real Zammad) has none.
 */

export type Community = Schemas['Community'];

export const noCommunity = (slug: string) =>
  new BffError(404, 'not_found', `There is no community portal '${slug}'.`);

/** The active community at /c/<slug>, else 404. */
export async function communityBySlug(upstream: ZammadClient, slug: string): Promise<Community> {
  try {
    return await upstream.GET('/communities/by_slug/{slug}', { params: { path: { slug } } });
  } catch (err) {
    if (err instanceof BffError && err.status === 404) throw noCommunity(slug);
    throw err;
  }
}

/** The community's active services, by name. */
export async function communityServices(
  upstream: ZammadClient,
  community: Community,
): Promise<Schemas['EoscService'][]> {
  return (await upstream.GET('/eosc_services'))
    .filter((s) => s.active !== false && s.community_id === community.id)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A ticket through a community's portal must be about one of its services: else 422 naming
 * the field (the form offers only those; this is the server's check).
 */
export async function assertCommunityService(
  upstream: ZammadClient,
  slug: string,
  serviceKey: string | undefined,
): Promise<void> {
  const community = await communityBySlug(upstream, slug).catch((err) => {
    if (err instanceof BffError && err.status === 404)
      throw new BffError(422, 'invalid', `community: there is no community portal '${slug}'.`);
    throw err;
  });
  if (!serviceKey)
    throw new BffError(422, 'invalid', `eosc_service: choose one of the services of ${community.name}.`);
  const services = await communityServices(upstream, community);
  if (!services.some((s) => s.key === serviceKey))
    throw new BffError(
      422,
      'invalid',
      `eosc_service: '${serviceKey}' is not a service of ${community.name}; choose one of its services.`,
    );
}
