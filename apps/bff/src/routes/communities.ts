import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { communityBySlug, communityServices } from '../lib/communities.ts';
import { KB_LOCALES } from '../lib/kb.ts';
import { ErrorSchema, endpoint, json, reply, ticketErrorResponses } from '../openapi.ts';
import { upstreamFor } from '../upstream.ts';
import { CategorySummary, loadKb } from './kb.ts';
import { portalService, Service } from './services.ts';

/*
 * A community's branded portal and help center (issue 16, path 3): public, like the knowledge
 * base. Its services are the only ones its new-ticket form offers (routes/tickets.ts checks).
 */

const Slug = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .openapi({ param: { name: 'slug', in: 'path' }, description: 'The portal address: /c/<slug>.' }),
});

const CommunityPortal = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    name: z.string().openapi({ description: 'The display name, else the name.' }),
    logo_url: z.string().nullable(),
    primary_color: z.string().openapi({ description: '#rrggbb' }),
    accent_color: z.string().openapi({ description: '#rrggbb' }),
    services: z.array(Service).openapi({ description: 'Its active services, by name.' }),
    kb_categories: z
      .array(CategorySummary)
      .openapi({ description: 'Its top-level knowledge-base categories with published answers.' }),
  })
  .openapi('CommunityPortal');

const portal = createRoute({
  ...endpoint('get', '/bff/communities/{slug}', "A community's portal: branding, services, help center"),
  description: 'No session needed.',
  request: {
    params: Slug,
    query: z.object({ locale: z.enum(KB_LOCALES).default('en-us') }),
  },
  responses: {
    200: reply('The portal', CommunityPortal),
    400: { description: 'Invalid input', content: json(ErrorSchema) },
    404: { description: 'No such community', content: json(ErrorSchema) },
    502: ticketErrorResponses[502],
    503: ticketErrorResponses[503],
    504: ticketErrorResponses[504],
  },
});

export function communityRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(portal, async (c) => {
    const { slug } = c.req.valid('param');
    const { locale } = c.req.valid('query');
    const upstream = upstreamFor(c.get('deps'), undefined);
    const community = await communityBySlug(upstream, slug);
    const [services, kb] = await Promise.all([communityServices(upstream, community), loadKb(c, locale)]);
    const own = new Set(community.kb_category_ids);
    const categories = kb.categories.filter((x) => own.has(x.id) && !own.has(x.parent_id ?? -1));
    return c.json(
      {
        id: community.id,
        slug: community.slug,
        name: community.display_name || community.name,
        logo_url: community.logo_url ?? null,
        primary_color: community.primary_color,
        accent_color: community.accent_color,
        services: services.map(portalService),
        kb_categories: categories.map((x) => kb.categorySummary(x)),
      },
      200,
    );
  });

  return app;
}
