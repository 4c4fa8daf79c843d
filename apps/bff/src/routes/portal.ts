import { unwrap } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { answerHtml, KB_LOCALES, PublicKb, parseKbAssets, parsePublicUrl, snippetHtml } from '../lib/kb.ts';
import { parseUpstream } from '../lib/upstream-shapes.ts';
import { requireSession } from '../middleware/session.ts';
import { ErrorSchema, IdParam, json, ticketErrorResponses } from '../schemas.ts';
import { upstreamFor } from '../upstream.ts';

/*
 * The self-service portal: the public knowledge base (no session needed, published answers
 * only), the EOSC service catalogue and the person's notifications.
 */

const KB_ID = 1;

const LocaleQuery = z.object({
  locale: z.enum(KB_LOCALES).default('en-us').openapi({ description: "The reader's locale." }),
});

const CategorySummary = z
  .object({
    id: z.number().int(),
    parent_id: z.number().int().nullable(),
    title: z.string(),
    icon: z.string().nullable(),
    answer_count: z.number().int().openapi({ description: 'Published answers here and below.' }),
  })
  .openapi('KbCategorySummary');

const AnswerSummary = z
  .object({
    id: z.number().int(),
    category_id: z.number().int(),
    title: z.string(),
    locale: z
      .enum(KB_LOCALES)
      .openapi({ description: "The title's language: another when the reader's is missing." }),
    updated_at: z.string(),
  })
  .openapi('KbAnswerSummary');

const PathItem = z.object({ id: z.number().int(), title: z.string() }).openapi('KbPathItem');

const KbHome = z
  .object({
    title: z.string(),
    locale: z.enum(KB_LOCALES),
    locales: z.array(z.object({ locale: z.string(), name: z.string() })),
    categories: z.array(CategorySummary).openapi({ description: 'Top-level categories, in order.' }),
  })
  .openapi('KbHome');

const KbCategory = z
  .object({
    id: z.number().int(),
    title: z.string(),
    locale: z.enum(KB_LOCALES),
    path: z.array(PathItem).openapi({ description: 'From the root down to this category.' }),
    children: z.array(CategorySummary),
    answers: z.array(AnswerSummary),
  })
  .openapi('KbCategory');

const KbAnswer = z
  .object({
    id: z.number().int(),
    title: z.string(),
    locale: z.enum(KB_LOCALES),
    body: z.string().openapi({ description: 'HTML, sanitised (render it through DOMPurify as well).' }),
    content_locale: z.enum(KB_LOCALES).openapi({
      description: "The language of title and body: the primary one when the reader's is missing.",
    }),
    translations: z
      .array(z.enum(KB_LOCALES))
      .openapi({ description: 'The locales this answer is written in (to follow a language switch).' }),
    category_path: z.array(PathItem),
    attachments: z.array(z.object({ id: z.number().int(), filename: z.string(), size: z.number().int() })),
    tags: z.array(z.string()),
    updated_at: z.string(),
  })
  .openapi('KbAnswer');

const KbSearchReply = z
  .object({
    items: z.array(
      z.object({
        answer_id: z.number().int(),
        category_id: z.number().int(),
        title: z.string().openapi({ description: 'HTML whose only element is `<em>` (the matches).' }),
        snippet: z.string().openapi({ description: 'HTML whose only element is `<em>` (the matches).' }),
        category_title: z.string(),
        locale: z
          .enum(KB_LOCALES)
          .openapi({ description: "The answer's language: another when the reader's had no match." }),
      }),
    ),
  })
  .openapi('KbSearchResults');

const Service = z
  .object({
    key: z.string(),
    name: z.string(),
    provider: z.string(),
    description: z.string(),
  })
  .openapi('EoscService');

const Notification = z
  .object({
    id: z.number().int(),
    seen: z.boolean(),
    type: z.string().openapi({ description: 'create, update, escalation…' }),
    object: z.string().openapi({ description: 'Usually Ticket.' }),
    o_id: z.number().int().openapi({ description: 'The id of that object (a ticket id for tickets).' }),
    created_by: z.string().nullable().openapi({ description: 'Login of whoever caused it.' }),
    created_by_name: z
      .string()
      .nullable()
      .openapi({ description: 'Display name of whoever caused it (their full name, else the login).' }),
    ticket_number: z
      .string()
      .nullable()
      .openapi({ description: 'The ticket number (not its id) when the object is a ticket.' }),
    ticket_title: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('Notification');

const NotificationList = z
  .object({ unread_count: z.number().int(), items: z.array(Notification) })
  .openapi('NotificationList');

const kbErrors = {
  400: { description: 'Invalid input', content: json(ErrorSchema) },
  404: { description: 'No such published answer or category', content: json(ErrorSchema) },
  502: ticketErrorResponses[502],
  503: ticketErrorResponses[503],
  504: ticketErrorResponses[504],
} as const;

const kbHome = createRoute({
  method: 'get',
  path: '/bff/kb',
  summary: 'The knowledge base home: top-level categories with their published answer counts',
  description: 'No session needed. Published answers only, for everyone.',
  request: { query: LocaleQuery },
  responses: { 200: { description: 'The home', content: json(KbHome) }, ...kbErrors },
});

const kbSearch = createRoute({
  method: 'get',
  path: '/bff/kb/search',
  summary: 'Search published answers',
  description: 'No session needed. Matches are marked with `<em>`; no other markup.',
  request: {
    query: LocaleQuery.extend({
      q: z.string().trim().min(1).max(200),
      limit: z.coerce.number().int().min(1).max(50).default(10),
      match: z
        .enum(['all', 'any'])
        .default('all')
        .openapi({
          description:
            'all: answers holding every word (a search box). any: answers holding any of the longest words, ' +
            'those matching more words first (suggestions while someone types a ticket title).',
        }),
    }),
  },
  responses: { 200: { description: 'Results, best first', content: json(KbSearchReply) }, ...kbErrors },
});

const kbCategory = createRoute({
  method: 'get',
  path: '/bff/kb/categories/{id}',
  summary: 'One category: its sub-categories and published answers',
  request: { params: IdParam, query: LocaleQuery },
  responses: { 200: { description: 'The category', content: json(KbCategory) }, ...kbErrors },
});

const kbAnswer = createRoute({
  method: 'get',
  path: '/bff/kb/answers/{id}',
  summary: 'One published answer in the reader’s locale (falls back to the primary locale)',
  request: { params: IdParam, query: LocaleQuery },
  responses: { 200: { description: 'The answer', content: json(KbAnswer) }, ...kbErrors },
});

const services = createRoute({
  method: 'get',
  path: '/bff/services',
  summary: 'The EOSC service catalogue (active services), for the new-ticket form',
  middleware: [requireSession] as const,
  responses: {
    200: { description: 'Services by name', content: json(z.array(Service)) },
    ...ticketErrorResponses,
  },
});

const notifications = createRoute({
  method: 'get',
  path: '/bff/notifications',
  summary: "The person's notifications (newest first) and the unread count",
  middleware: [requireSession] as const,
  responses: {
    200: { description: 'Notifications', content: json(NotificationList) },
    ...ticketErrorResponses,
  },
});

const markRead = createRoute({
  method: 'post',
  path: '/bff/notifications/{id}/read',
  summary: 'Mark one notification read',
  middleware: [requireSession] as const,
  request: { params: IdParam },
  responses: {
    204: { description: 'Marked read' },
    404: { description: 'No such notification', content: json(ErrorSchema) },
    ...ticketErrorResponses,
  },
});

const markAllRead = createRoute({
  method: 'post',
  path: '/bff/notifications/read-all',
  summary: 'Mark all notifications read',
  middleware: [requireSession] as const,
  responses: { 204: { description: 'All marked read' }, ...ticketErrorResponses },
});

const UpServiceSchema = z.array(
  z.looseObject({
    key: z.string(),
    name: z.string(),
    provider: z.string().nullish(),
    description: z.string().nullish(),
    active: z.boolean().nullish(),
  }),
);

const UpNotificationSchema = z.array(
  z.looseObject({
    id: z.number().int(),
    seen: z.boolean(),
    o_id: z.number().int(),
    type: z.string().nullish(),
    object: z.string().nullish(),
    created_by: z.string().nullish(),
    created_by_id: z.number().int().nullish(),
    created_at: z.string(),
  }),
);

/** `GET /online_notifications?full=true`: ids plus the assets (tickets and people) they point to. */
const UpNotificationFullSchema = z.looseObject({
  record_ids: z.array(z.number().int()).optional(),
  assets: z
    .looseObject({
      Ticket: z
        .record(
          z.string(),
          z.looseObject({ number: z.union([z.string(), z.number()]), title: z.string().nullish() }),
        )
        .optional(),
      User: z
        .record(
          z.string(),
          z.looseObject({
            login: z.string().nullish(),
            firstname: z.string().nullish(),
            lastname: z.string().nullish(),
          }),
        )
        .optional(),
      OnlineNotification: z
        .record(z.string(), z.looseObject({ created_by_id: z.number().int().nullish() }))
        .optional(),
    })
    .optional(),
});

/** The service token without `From`: the knowledge base is read the same for everyone. */
function kbUpstream(c: Context<BffEnv>) {
  return upstreamFor(c.get('deps'), undefined);
}

async function loadKb(c: Context<BffEnv>, locale: (typeof KB_LOCALES)[number]): Promise<PublicKb> {
  const raw = unwrap(await kbUpstream(c).POST('/knowledge_bases/init', { body: {} as never }));
  return new PublicKb(parseKbAssets(raw), locale);
}

const SearchDetails = z.object({
  details: z
    .array(
      z.looseObject({ url: z.string().nullish(), title: z.string().nullish(), body: z.string().nullish() }),
    )
    .default([]),
});
type SearchDetail = z.infer<typeof SearchDetails>['details'][number];

async function searchUpstream(c: Context<BffEnv>, locale: string, query: string, limit: number) {
  const found = unwrap(
    await kbUpstream(c).POST('/knowledge_bases/search', {
      body: {
        knowledge_base_id: KB_ID,
        query,
        locale,
        flavor: 'public',
        index: 'KnowledgeBase::Answer::Translation',
        limit,
      },
    }),
  );
  return parseUpstream(SearchDetails, found).details;
}

/** The (at most 6) longest distinct words of a text: what a title is most likely about. */
export function significantWords(text: string): string[] {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])];
  return words
    .filter((w) => !/^\d+$/.test(w))
    .sort((a, b) => b.length - a.length)
    .slice(0, 6);
}

const notFound = () => new BffError(404, 'not_found', 'This page of the knowledge base does not exist.');

/** Public answers matching `queries` in one locale, each once, ranked by how many queries found it. */
async function searchIn(
  c: Context<BffEnv>,
  kb: PublicKb,
  locale: (typeof KB_LOCALES)[number],
  queries: string[],
  limit: number,
) {
  const found = await Promise.all(queries.map((query) => searchUpstream(c, locale, query, limit)));
  const byAnswer = new Map<number, { hits: number; first: number; d: SearchDetail }>();
  for (const [qi, details] of found.entries()) {
    for (const [rank, d] of details.entries()) {
      const where = parsePublicUrl(d.url ?? '');
      if (!where) continue;
      const seen = byAnswer.get(where.answer_id);
      if (seen) seen.hits += 1;
      else byAnswer.set(where.answer_id, { hits: 1, first: qi * 1000 + rank, d });
    }
  }
  const ranked = [...byAnswer.values()].sort((a, b) => b.hits - a.hits || a.first - b.first);
  const items = [];
  for (const { d } of ranked) {
    const where = parsePublicUrl(d.url ?? '');
    // The upstream was asked for public results; the BFF checks again before showing one.
    if (!where || !kb.answer(where.answer_id)) continue;
    items.push({
      answer_id: where.answer_id,
      category_id: where.category_id,
      title: snippetHtml(d.title ?? ''),
      snippet: snippetHtml(d.body ?? ''),
      category_title: kb.categoryTitle(where.category_id),
      locale,
    });
    if (items.length >= limit) break;
  }
  return items;
}

export function portalRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(kbHome, async (c) => {
    const { locale } = c.req.valid('query');
    const kb = await loadKb(c, locale);
    return c.json(
      {
        title: kb.title(),
        locale,
        locales: kb.locales(),
        categories: kb.categories.filter((x) => x.parent_id == null).map((x) => kb.categorySummary(x)),
      },
      200,
    );
  });

  app.openapi(kbSearch, async (c) => {
    const { locale, q, limit, match } = c.req.valid('query');
    const queries = match === 'all' ? [q] : significantWords(q);
    const kb = await loadKb(c, locale);
    // Like the category pages (which list every answer, in another language when the reader's is
    // missing), a search that finds nothing in the reader's language looks in the others; each
    // item says its language.
    let items = await searchIn(c, kb, locale, queries, limit);
    for (const other of KB_LOCALES) {
      if (items.length > 0) break;
      if (other !== locale) items = await searchIn(c, kb, other, queries, limit);
    }
    return c.json({ items }, 200);
  });

  app.openapi(kbCategory, async (c) => {
    const { id } = c.req.valid('param');
    const { locale } = c.req.valid('query');
    const kb = await loadKb(c, locale);
    const cat = kb.category(id);
    if (!cat) throw notFound();
    return c.json(
      {
        id,
        title: kb.categoryTitle(id),
        locale,
        path: kb.path(id),
        children: kb.categories.filter((x) => x.parent_id === id).map((x) => kb.categorySummary(x)),
        answers: kb.answers.filter((a) => a.category_id === id).map((a) => kb.answerSummary(a)),
      },
      200,
    );
  });

  app.openapi(kbAnswer, async (c) => {
    const { id } = c.req.valid('param');
    const { locale } = c.req.valid('query');
    const kb = await loadKb(c, locale);
    const answer = kb.answer(id);
    const translation = kb.answerTranslation(id);
    if (!answer || !translation) throw notFound();
    const raw = unwrap(
      await kbUpstream(c).GET('/knowledge_bases/{kb}/answers/{id}', {
        params: {
          path: { kb: KB_ID, id },
          query: { include_contents: String(translation.content_id ?? '') },
        },
      }),
    );
    const assets = parseKbAssets(raw);
    const content = translation.content_id
      ? assets.KnowledgeBaseAnswerTranslationContent[String(translation.content_id)]
      : undefined;
    return c.json(
      {
        id,
        title: translation.title,
        locale,
        body: answerHtml(content?.body ?? ''),
        content_locale: kb.localeOf(translation.kb_locale_id) ?? locale,
        translations: kb.answerLocales(id),
        category_path: kb.path(answer.category_id),
        attachments: (answer.attachments ?? []).map((a) => ({
          id: a.id,
          filename: a.filename,
          size: Number(a.size ?? 0),
        })),
        tags: answer.tags ?? [],
        updated_at: translation.updated_at ?? answer.updated_at ?? '',
      },
      200,
    );
  });

  app.openapi(services, async (c) => {
    const raw = unwrap(await c.get('upstream').GET('/eosc_services'));
    const list = parseUpstream(UpServiceSchema, raw)
      .filter((s) => s.active !== false)
      .map((s) => ({
        key: s.key,
        name: s.name,
        provider: s.provider ?? '',
        description: s.description ?? '',
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return c.json(list, 200);
  });

  app.openapi(notifications, async (c) => {
    const upstream = c.get('upstream');
    // `expand` names the type and object; `full` brings the tickets (number, title) and the people
    // (names) as assets, as Zammad does: the bell says "Anna Agent mentioned you in ticket #31007".
    const [expanded, full] = await Promise.all([
      upstream.GET('/online_notifications', { params: { query: { expand: 'true' } } }),
      upstream.GET('/online_notifications', { params: { query: { full: 'true' } } }),
    ]);
    const assets = parseUpstream(UpNotificationFullSchema, unwrap(full)).assets ?? {};
    const nameOf = (userId: number | null | undefined) => {
      const u = userId ? assets.User?.[String(userId)] : undefined;
      if (!u) return null;
      return `${u.firstname ?? ''} ${u.lastname ?? ''}`.trim() || u.login || null;
    };
    const items = parseUpstream(UpNotificationSchema, unwrap(expanded)).map((n) => {
      const ticket = n.object === 'Ticket' ? assets.Ticket?.[String(n.o_id)] : undefined;
      const creatorId = assets.OnlineNotification?.[String(n.id)]?.created_by_id ?? n.created_by_id;
      return {
        id: n.id,
        seen: n.seen,
        type: n.type ?? '',
        object: n.object ?? '',
        o_id: n.o_id,
        created_by: n.created_by ?? null,
        created_by_name: nameOf(creatorId) ?? n.created_by ?? null,
        ticket_number: ticket ? String(ticket.number) : null,
        ticket_title: ticket?.title ?? null,
        created_at: n.created_at,
      };
    });
    return c.json({ unread_count: items.filter((n) => !n.seen).length, items }, 200);
  });

  app.openapi(markRead, async (c) => {
    const { id } = c.req.valid('param');
    unwrap(
      await c
        .get('upstream')
        .PUT('/online_notifications/{id}', { params: { path: { id } }, body: { seen: true } }),
    );
    return c.body(null, 204);
  });

  app.openapi(markAllRead, async (c) => {
    unwrap(await c.get('upstream').POST('/online_notifications/mark_all_as_read'));
    return c.body(null, 204);
  });

  return app;
}
