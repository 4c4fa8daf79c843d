import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { answerHtml, KB_ID, KB_LOCALES, type KbLocale, PublicKb } from '../lib/kb.ts';
import { searchPublic, significantWords } from '../lib/kb-search.ts';
import { ErrorSchema, endpoint, IdParam, json, reply, ticketErrorResponses } from '../openapi.ts';
import { upstreamFor } from '../upstream.ts';

/*
 * The public knowledge base (the help center): no session needed, published answers only,
 * the same for everyone. lib/kb.ts decides what is public.
 */

const LocaleQuery = z.object({
  locale: z.enum(KB_LOCALES).default('en-us').openapi({ description: "The reader's locale." }),
});

export const CategorySummary = z
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

const kbErrors = {
  400: { description: 'Invalid input', content: json(ErrorSchema) },
  404: { description: 'No such published answer or category', content: json(ErrorSchema) },
  502: ticketErrorResponses[502],
  503: ticketErrorResponses[503],
  504: ticketErrorResponses[504],
} as const;

const kbHome = createRoute({
  ...endpoint('get', '/bff/kb'),
  summary: 'The knowledge base home: top-level categories with their published answer counts',
  description: 'No session needed. Published answers only, for everyone.',
  request: { query: LocaleQuery },
  responses: { 200: reply('The home', KbHome), ...kbErrors },
});

const kbSearch = createRoute({
  ...endpoint('get', '/bff/kb/search', 'Search published answers'),
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
  responses: { 200: reply('Results, best first', KbSearchReply), ...kbErrors },
});

const kbCategory = createRoute({
  ...endpoint('get', '/bff/kb/categories/{id}', 'One category: its sub-categories and published answers'),
  request: { params: IdParam, query: LocaleQuery },
  responses: { 200: reply('The category', KbCategory), ...kbErrors },
});

const kbAnswer = createRoute({
  ...endpoint('get', '/bff/kb/answers/{id}'),
  summary: 'One published answer in the reader’s locale (falls back to the primary locale)',
  request: { params: IdParam, query: LocaleQuery },
  responses: { 200: reply('The answer', KbAnswer), ...kbErrors },
});

/** The service token without `From`: the knowledge base is read the same for everyone. */
function kbUpstream(c: Context<BffEnv>) {
  return upstreamFor(c.get('deps'), undefined);
}

export async function loadKb(c: Context<BffEnv>, locale: KbLocale): Promise<PublicKb> {
  return new PublicKb(await kbUpstream(c).POST('/knowledge_bases/init', { body: {} as never }), locale);
}

const notFound = () => new BffError(404, 'not_found', 'This page of the knowledge base does not exist.');

export function kbRoutes() {
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
    let items = await searchPublic(kbUpstream(c), kb, locale, queries, limit);
    for (const other of KB_LOCALES) {
      if (items.length > 0) break;
      if (other !== locale) items = await searchPublic(kbUpstream(c), kb, other, queries, limit);
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
    const { assets } = await kbUpstream(c).GET('/knowledge_bases/{kb}/answers/{id}', {
      params: {
        path: { kb: KB_ID, id },
        query: { include_contents: String(translation.content_id ?? '') },
      },
    });
    const content = translation.content_id
      ? assets.KnowledgeBaseAnswerTranslationContent?.[String(translation.content_id)]
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

  return app;
}
