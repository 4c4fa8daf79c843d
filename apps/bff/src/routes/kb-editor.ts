import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { KB_LOCALES } from '../lib/kb.ts';
import { loadAnswer, loadEditorKb, translationsAttributes } from '../lib/kb-editor.ts';
import { personPermissions } from '../lib/permissions.ts';
import { requireSession } from '../middleware/session.ts';
import { endpoint, IdParam, jsonBody, recordErrorResponses, reply } from '../openapi.ts';

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
) => endpoint(method, path, summary, mw);

const tree = createRoute({
  ...route(
    'get',
    '/bff/agent/kb',
    'The knowledge base as its editors see it: categories and answers in every state',
  ),
  responses: { 200: reply('The tree', EditorTree), ...errors },
});
const createCategory = createRoute({
  ...route('post', '/bff/agent/kb/categories', 'Create a category (under `parent_id`, or at the top)'),
  request: { body: jsonBody(CategoryInput) },
  responses: { 201: reply('The tree', EditorTree), ...errors },
});
const patchCategory = createRoute({
  ...route('patch', '/bff/agent/kb/categories/{id}', 'Rename or move a category'),
  request: { params: IdParam, body: jsonBody(CategoryPatch) },
  responses: { 200: reply('The tree', EditorTree), ...errors },
});
const deleteCategory = createRoute({
  ...route('delete', '/bff/agent/kb/categories/{id}', 'Delete an empty category'),
  request: { params: IdParam },
  responses: { 200: reply('The tree', EditorTree), ...errors },
});
const orderCategories = createRoute({
  ...route('post', '/bff/agent/kb/categories/order', 'Reorder the categories under one parent'),
  request: { body: jsonBody(OrderInput) },
  responses: { 200: reply('The tree', EditorTree), ...errors },
});
const getAnswer = createRoute({
  ...route('get', '/bff/agent/kb/answers/{id}', 'One answer with its bodies, in every state'),
  request: { params: IdParam },
  responses: { 200: reply('The answer', EditorAnswer), ...errors },
});
const createAnswer = createRoute({
  ...route('post', '/bff/agent/kb/answers', 'Create an answer (a draft)'),
  request: { body: jsonBody(AnswerInput) },
  responses: { 201: reply('The answer', EditorAnswer), ...errors },
});
const patchAnswer = createRoute({
  ...route('patch', '/bff/agent/kb/answers/{id}', "Change an answer's category, titles or bodies"),
  request: { params: IdParam, body: jsonBody(AnswerPatch) },
  responses: { 200: reply('The answer', EditorAnswer), ...errors },
});
const answerAction = createRoute({
  ...route(
    'post',
    '/bff/agent/kb/answers/{id}/{action}',
    'Publish, make internal, archive or unarchive (back to draft) an answer',
  ),
  request: { params: ActionParam },
  responses: { 200: reply('The answer', EditorAnswer), ...errors },
});
const deleteAnswer = createRoute({
  ...route('delete', '/bff/agent/kb/answers/{id}', 'Delete an answer'),
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors },
});

type Ctx = Context<BffEnv>;

export function kbEditorRoutes() {
  const app = new OpenAPIHono<BffEnv>();
  const up = (c: Ctx) => c.get('upstream');

  app.openapi(tree, async (c) => c.json((await loadEditorKb(up(c))).tree(), 200));

  app.openapi(createCategory, async (c) => {
    const input = c.req.valid('json');
    const kb = await loadEditorKb(up(c));
    await up(c).POST('/knowledge_bases/{kb}/categories', {
      params: { path: { kb: kb.kbId } },
      body: {
        parent_id: input.parent_id ?? null,
        translations_attributes: translationsAttributes(kb, [], input.translations),
      },
    });
    return c.json((await loadEditorKb(up(c))).tree(), 201);
  });

  app.openapi(patchCategory, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const kb = await loadEditorKb(up(c));
    const existing = kb.translationsOf('category', id);
    await up(c).PATCH('/knowledge_bases/{kb}/categories/{id}', {
      params: { path: { kb: kb.kbId, id } },
      body: {
        ...(input.parent_id !== undefined ? { parent_id: input.parent_id } : {}),
        translations_attributes: translationsAttributes(kb, existing, input.translations ?? []),
      },
    });
    return c.json((await loadEditorKb(up(c))).tree(), 200);
  });

  app.openapi(deleteCategory, async (c) => {
    const { id } = c.req.valid('param');
    const kb = await loadEditorKb(up(c));
    await up(c).DELETE('/knowledge_bases/{kb}/categories/{id}', { params: { path: { kb: kb.kbId, id } } });
    return c.json((await loadEditorKb(up(c))).tree(), 200);
  });

  app.openapi(orderCategories, async (c) => {
    const { parent_id, ids } = c.req.valid('json');
    const kb = await loadEditorKb(up(c));
    const body = { ordered_ids: ids };
    if (parent_id === null)
      await up(c).PATCH('/knowledge_bases/{kb}/categories/reorder_root_categories', {
        params: { path: { kb: kb.kbId } },
        body,
      });
    else
      await up(c).PATCH('/knowledge_bases/{kb}/categories/{id}/reorder_categories', {
        params: { path: { kb: kb.kbId, id: parent_id } },
        body,
      });
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
    const created = await up(c).POST('/knowledge_bases/{kb}/answers', {
      params: { path: { kb: kb.kbId } },
      body: {
        category_id: input.category_id,
        translations_attributes: translationsAttributes(kb, [], input.translations),
      },
    });
    return c.json(await loadAnswer(up(c), kb.kbId, created.id), 201);
  });

  app.openapi(patchAnswer, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const kb = await loadEditorKb(up(c));
    const existing = kb.translationsOf('answer', id);
    await up(c).PATCH('/knowledge_bases/{kb}/answers/{id}', {
      params: { path: { kb: kb.kbId, id } },
      body: {
        ...(input.category_id !== undefined ? { category_id: input.category_id } : {}),
        translations_attributes: translationsAttributes(kb, existing, input.translations ?? []),
      },
    });
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
    await call();
    return c.json(await loadAnswer(up(c), kb.kbId, id), 200);
  });

  app.openapi(deleteAnswer, async (c) => {
    const { id } = c.req.valid('param');
    const kb = await loadEditorKb(up(c));
    await up(c).DELETE('/knowledge_bases/{kb}/answers/{id}', { params: { path: { kb: kb.kbId, id } } });
    return c.body(null, 204);
  });

  return app;
}
