import { unwrap, type ZammadClient } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { KB_LOCALES, type KbAssets, parseKbAssets } from '../lib/kb.ts';
import { requireSession } from '../middleware/session.ts';
import { IdParam, json, recordErrorResponses } from '../schemas.ts';
import { personPermissions } from './agent-admin.ts';

/*
 * The knowledge-base editor of the agent area. Every call acts for the signed-in person: the
 * helpdesk checks `knowledge_base.editor` on writes; the BFF checks it too, before reading, so a
 * reader never gets drafts or archived answers through these routes.
 */

const requireKbEditor: MiddlewareHandler<BffEnv> = async (c, next) => {
  const s = c.get('session');
  if (!s) throw new BffError(401, 'unauthenticated', 'Please sign in.');
  if (!s.is_agent && !s.is_admin)
    throw new BffError(403, 'forbidden', 'Only knowledge-base editors can do this.');
  if (!(await personPermissions(c)).kbEditor)
    throw new BffError(403, 'forbidden', 'Only knowledge-base editors can do this.');
  await next();
};
const mw = [requireSession, requireKbEditor];

const errors = recordErrorResponses();

const Locale = z.enum(KB_LOCALES);
const AnswerState = z.enum(['draft', 'internal', 'published', 'archived']).openapi('KbAnswerState');

const TitleSchema = z.object({ locale: Locale, title: z.string() });
const EditorCategory = z
  .object({
    id: z.number().int(),
    parent_id: z.number().int().nullable(),
    position: z.number(),
    translations: z.array(TitleSchema),
  })
  .openapi('KbEditorCategory');
const EditorAnswerSummary = z
  .object({
    id: z.number().int(),
    category_id: z.number().int(),
    position: z.number(),
    state: AnswerState,
    translations: z.array(TitleSchema),
    updated_at: z.string().nullable(),
  })
  .openapi('KbEditorAnswerSummary');
const EditorTree = z
  .object({
    kb_id: z.number().int(),
    locales: z.array(Locale),
    categories: z.array(EditorCategory),
    answers: z.array(EditorAnswerSummary),
  })
  .openapi('KbEditorTree');
const EditorAnswer = z
  .object({
    id: z.number().int(),
    category_id: z.number().int(),
    state: AnswerState,
    translations: z.array(TitleSchema.extend({ body: z.string() })),
    attachments: z.array(z.object({ id: z.number().int(), filename: z.string() })),
    updated_at: z.string().nullable(),
  })
  .openapi('KbEditorAnswer');

const TitleInput = z.object({
  locale: Locale,
  title: z.string().trim().min(1, 'Title is required.').max(250),
});
const CategoryInput = z
  .object({
    parent_id: z.number().int().positive().nullable().optional(),
    translations: z.array(TitleInput).min(1, 'Give at least one title.').max(2),
  })
  .openapi('KbCategoryInput');
const CategoryPatch = z
  .object({
    parent_id: z.number().int().positive().nullable().optional(),
    translations: z.array(TitleInput).max(2).optional(),
  })
  .openapi('KbCategoryPatch');
const OrderInput = z
  .object({
    parent_id: z.number().int().positive().nullable(),
    ids: z.array(z.number().int().positive()).min(1).max(500),
  })
  .openapi('KbCategoryOrder', { description: 'Every category under `parent_id`, in the new order.' });
const AnswerTranslationInput = TitleInput.extend({ body: z.string().max(500_000) });
const AnswerInput = z
  .object({
    category_id: z.number().int().positive(),
    translations: z.array(AnswerTranslationInput).min(1, 'Give at least one translation.').max(2),
  })
  .openapi('KbAnswerInput');
const AnswerPatch = z
  .object({
    category_id: z.number().int().positive().optional(),
    translations: z.array(AnswerTranslationInput).max(2).optional(),
  })
  .openapi('KbAnswerPatch');
const ActionParam = z.object({
  id: IdParam.shape.id,
  action: z
    .enum(['publish', 'internal', 'archive', 'unarchive'])
    .openapi({ param: { name: 'action', in: 'path' } }),
});

const route = <M extends 'get' | 'post' | 'patch' | 'delete', P extends string>(
  method: M,
  path: P,
  summary: string,
) => ({ method, path, summary, middleware: mw });

const tree = createRoute({
  ...route(
    'get',
    '/bff/agent/kb',
    'The knowledge base as its editors see it: categories and answers in every state',
  ),
  responses: { 200: { description: 'The tree', content: json(EditorTree) }, ...errors },
});
const createCategory = createRoute({
  ...route('post', '/bff/agent/kb/categories', 'Create a category (under `parent_id`, or at the top)'),
  request: { body: { content: json(CategoryInput), required: true } },
  responses: { 201: { description: 'The tree', content: json(EditorTree) }, ...errors },
});
const patchCategory = createRoute({
  ...route('patch', '/bff/agent/kb/categories/{id}', 'Rename or move a category'),
  request: { params: IdParam, body: { content: json(CategoryPatch), required: true } },
  responses: { 200: { description: 'The tree', content: json(EditorTree) }, ...errors },
});
const deleteCategory = createRoute({
  ...route('delete', '/bff/agent/kb/categories/{id}', 'Delete an empty category'),
  request: { params: IdParam },
  responses: { 200: { description: 'The tree', content: json(EditorTree) }, ...errors },
});
const orderCategories = createRoute({
  ...route('post', '/bff/agent/kb/categories/order', 'Reorder the categories under one parent'),
  request: { body: { content: json(OrderInput), required: true } },
  responses: { 200: { description: 'The tree', content: json(EditorTree) }, ...errors },
});
const getAnswer = createRoute({
  ...route('get', '/bff/agent/kb/answers/{id}', 'One answer with its bodies, in every state'),
  request: { params: IdParam },
  responses: { 200: { description: 'The answer', content: json(EditorAnswer) }, ...errors },
});
const createAnswer = createRoute({
  ...route('post', '/bff/agent/kb/answers', 'Create an answer (a draft)'),
  request: { body: { content: json(AnswerInput), required: true } },
  responses: { 201: { description: 'The answer', content: json(EditorAnswer) }, ...errors },
});
const patchAnswer = createRoute({
  ...route('patch', '/bff/agent/kb/answers/{id}', "Change an answer's category, titles or bodies"),
  request: { params: IdParam, body: { content: json(AnswerPatch), required: true } },
  responses: { 200: { description: 'The answer', content: json(EditorAnswer) }, ...errors },
});
const answerAction = createRoute({
  ...route(
    'post',
    '/bff/agent/kb/answers/{id}/{action}',
    'Publish, make internal, archive or unarchive (back to draft) an answer',
  ),
  request: { params: ActionParam },
  responses: { 200: { description: 'The answer', content: json(EditorAnswer) }, ...errors },
});
const deleteAnswer = createRoute({
  ...route('delete', '/bff/agent/kb/answers/{id}', 'Delete an answer'),
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors },
});

const past = (v: string | null | undefined, now: number) => !!v && new Date(v).getTime() <= now;
type UpAnswer = KbAssets['KnowledgeBaseAnswer'][string] & { internal_at?: unknown };
function stateOf(a: UpAnswer, now = Date.now()): z.infer<typeof AnswerState> {
  if (past(a.archived_at, now)) return 'archived';
  if (past(a.published_at, now)) return 'published';
  if (typeof a.internal_at === 'string' && past(a.internal_at, now)) return 'internal';
  return 'draft';
}

type Upstream = ZammadClient;
type Ctx = Context<BffEnv>;

/** The editor's view of one knowledge base, with locale ids both ways. */
class EditorKb {
  readonly kbId: number;
  readonly localeOf = new Map<number, z.infer<typeof Locale>>();
  readonly idOf = new Map<string, number>();

  constructor(readonly assets: KbAssets) {
    const kb = Object.values(assets.KnowledgeBase)[0];
    if (!kb) throw new BffError(404, 'not_found', 'There is no knowledge base.');
    this.kbId = kb.id;
    for (const l of Object.values(assets.KnowledgeBaseLocale)) {
      this.idOf.set(l.locale, l.id);
      if ((KB_LOCALES as readonly string[]).includes(l.locale))
        this.localeOf.set(l.id, l.locale as z.infer<typeof Locale>);
    }
  }

  localeId(locale: string): number {
    const id = this.idOf.get(locale);
    if (id === undefined) throw new BffError(422, 'invalid', `The knowledge base has no locale ${locale}.`);
    return id;
  }

  titles<T extends { kb_locale_id: number; title: string }>(list: T[]) {
    return list.flatMap((t) => {
      const locale = this.localeOf.get(t.kb_locale_id);
      return locale ? [{ locale, title: t.title }] : [];
    });
  }

  tree(): z.infer<typeof EditorTree> {
    const a = this.assets;
    const catT = Object.values(a.KnowledgeBaseCategoryTranslation);
    const ansT = Object.values(a.KnowledgeBaseAnswerTranslation);
    return {
      kb_id: this.kbId,
      locales: [...new Set(this.localeOf.values())],
      categories: Object.values(a.KnowledgeBaseCategory)
        .map((c) => ({
          id: c.id,
          parent_id: c.parent_id ?? null,
          position: c.position ?? 0,
          translations: this.titles(catT.filter((t) => t.category_id === c.id)),
        }))
        .sort((x, y) => x.position - y.position || x.id - y.id),
      answers: Object.values(a.KnowledgeBaseAnswer)
        .map((x) => ({
          id: x.id,
          category_id: x.category_id,
          position: x.position ?? 0,
          state: stateOf(x as UpAnswer),
          translations: this.titles(ansT.filter((t) => t.answer_id === x.id)),
          updated_at: x.updated_at ?? null,
        }))
        .sort((x, y) => x.position - y.position || x.id - y.id),
    };
  }
}

async function loadEditorKb(upstream: Upstream): Promise<EditorKb> {
  return new EditorKb(parseKbAssets(unwrap(await upstream.POST('/knowledge_bases/init', {}))));
}

async function loadAnswer(
  upstream: Upstream,
  kbId: number,
  id: number,
): Promise<z.infer<typeof EditorAnswer>> {
  const get = async (contents?: number[]) =>
    parseKbAssets(
      unwrap(
        await upstream.GET('/knowledge_bases/{kb}/answers/{id}', {
          params: {
            path: { kb: kbId, id },
            ...(contents ? { query: { include_contents: contents.join(',') } } : {}),
          },
        }),
      ),
    );
  const first = await get();
  const contentIds = Object.values(first.KnowledgeBaseAnswerTranslation)
    .filter((t) => t.answer_id === id)
    .map((t) => t.content_id)
    .filter((x): x is number => typeof x === 'number');
  const assets = contentIds.length ? await get(contentIds) : first;
  const kb = new EditorKb(assets);
  const answer = assets.KnowledgeBaseAnswer[String(id)];
  if (!answer) throw new BffError(404, 'not_found', 'No such answer.');
  return {
    id,
    category_id: answer.category_id,
    state: stateOf(answer as UpAnswer),
    translations: Object.values(assets.KnowledgeBaseAnswerTranslation)
      .filter((t) => t.answer_id === id)
      .flatMap((t) => {
        const locale = kb.localeOf.get(t.kb_locale_id);
        if (!locale) return [];
        const body = t.content_id
          ? (assets.KnowledgeBaseAnswerTranslationContent[String(t.content_id)]?.body ?? '')
          : '';
        return [{ locale, title: t.title, body }];
      }),
    attachments: (answer.attachments ?? []).map((x) => ({ id: x.id, filename: x.filename })),
    updated_at: answer.updated_at ?? null,
  };
}

/** Zammad's nested translations: existing ones by id (so they are updated), new ones by locale. */
function translationsAttributes<T extends { locale: string; title: string; body?: string }>(
  kb: EditorKb,
  existing: { id: number; kb_locale_id: number }[],
  input: T[],
) {
  return input.map((t) => {
    const kbLocaleId = kb.localeId(t.locale);
    const have = existing.find((e) => e.kb_locale_id === kbLocaleId);
    return {
      ...(have ? { id: have.id } : { kb_locale_id: kbLocaleId }),
      title: t.title,
      ...(t.body !== undefined ? { content_attributes: { body: t.body } } : {}),
    };
  });
}

export function agentKbRoutes() {
  const app = new OpenAPIHono<BffEnv>();
  const up = (c: Ctx) => c.get('upstream');

  app.openapi(tree, async (c) => c.json((await loadEditorKb(up(c))).tree(), 200));

  app.openapi(createCategory, async (c) => {
    const input = c.req.valid('json');
    const kb = await loadEditorKb(up(c));
    unwrap(
      await up(c).POST('/knowledge_bases/{kb}/categories', {
        params: { path: { kb: kb.kbId } },
        body: {
          parent_id: input.parent_id ?? null,
          translations_attributes: translationsAttributes(kb, [], input.translations),
        },
      }),
    );
    return c.json((await loadEditorKb(up(c))).tree(), 201);
  });

  app.openapi(patchCategory, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const kb = await loadEditorKb(up(c));
    const existing = Object.values(kb.assets.KnowledgeBaseCategoryTranslation).filter(
      (t) => t.category_id === id,
    );
    unwrap(
      await up(c).PATCH('/knowledge_bases/{kb}/categories/{id}', {
        params: { path: { kb: kb.kbId, id } },
        body: {
          ...(input.parent_id !== undefined ? { parent_id: input.parent_id } : {}),
          translations_attributes: translationsAttributes(kb, existing, input.translations ?? []),
        },
      }),
    );
    return c.json((await loadEditorKb(up(c))).tree(), 200);
  });

  app.openapi(deleteCategory, async (c) => {
    const { id } = c.req.valid('param');
    const kb = await loadEditorKb(up(c));
    unwrap(
      await up(c).DELETE('/knowledge_bases/{kb}/categories/{id}', { params: { path: { kb: kb.kbId, id } } }),
    );
    return c.json((await loadEditorKb(up(c))).tree(), 200);
  });

  app.openapi(orderCategories, async (c) => {
    const { parent_id, ids } = c.req.valid('json');
    const kb = await loadEditorKb(up(c));
    const body = { ordered_ids: ids };
    if (parent_id === null)
      unwrap(
        await up(c).PATCH('/knowledge_bases/{kb}/categories/reorder_root_categories', {
          params: { path: { kb: kb.kbId } },
          body,
        }),
      );
    else
      unwrap(
        await up(c).PATCH('/knowledge_bases/{kb}/categories/{id}/reorder_categories', {
          params: { path: { kb: kb.kbId, id: parent_id } },
          body,
        }),
      );
    return c.json((await loadEditorKb(up(c))).tree(), 200);
  });

  app.openapi(getAnswer, async (c) => {
    const { id } = c.req.valid('param');
    const kb = await loadEditorKb(up(c));
    return c.json(await loadAnswer(up(c), kb.kbId, id), 200);
  });

  app.openapi(createAnswer, async (c) => {
    const input = c.req.valid('json');
    const kb = await loadEditorKb(up(c));
    const raw = unwrap(
      await up(c).POST('/knowledge_bases/{kb}/answers', {
        params: { path: { kb: kb.kbId } },
        body: {
          category_id: input.category_id,
          translations_attributes: translationsAttributes(kb, [], input.translations),
        },
      }),
    ) as { id?: unknown };
    if (typeof raw.id !== 'number')
      throw new BffError(502, 'upstream_malformed', 'The helpdesk sent no answer id.');
    return c.json(await loadAnswer(up(c), kb.kbId, raw.id), 201);
  });

  app.openapi(patchAnswer, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const kb = await loadEditorKb(up(c));
    const existing = Object.values(kb.assets.KnowledgeBaseAnswerTranslation).filter(
      (t) => t.answer_id === id,
    );
    unwrap(
      await up(c).PATCH('/knowledge_bases/{kb}/answers/{id}', {
        params: { path: { kb: kb.kbId, id } },
        body: {
          ...(input.category_id !== undefined ? { category_id: input.category_id } : {}),
          translations_attributes: translationsAttributes(kb, existing, input.translations ?? []),
        },
      }),
    );
    return c.json(await loadAnswer(up(c), kb.kbId, id), 200);
  });

  app.openapi(answerAction, async (c) => {
    const { id, action } = c.req.valid('param');
    const kb = await loadEditorKb(up(c));
    const path = { kb: kb.kbId, id };
    const call = {
      publish: () => up(c).POST('/knowledge_bases/{kb}/answers/{id}/publish', { params: { path } }),
      internal: () => up(c).POST('/knowledge_bases/{kb}/answers/{id}/internal', { params: { path } }),
      archive: () => up(c).POST('/knowledge_bases/{kb}/answers/{id}/archive', { params: { path } }),
      unarchive: () => up(c).POST('/knowledge_bases/{kb}/answers/{id}/unarchive', { params: { path } }),
    }[action];
    unwrap(await call());
    return c.json(await loadAnswer(up(c), kb.kbId, id), 200);
  });

  app.openapi(deleteAnswer, async (c) => {
    const { id } = c.req.valid('param');
    const kb = await loadEditorKb(up(c));
    unwrap(
      await up(c).DELETE('/knowledge_bases/{kb}/answers/{id}', { params: { path: { kb: kb.kbId, id } } }),
    );
    return c.body(null, 204);
  });

  return app;
}
