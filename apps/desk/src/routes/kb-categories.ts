import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError } from '../domain/errors.ts';
import {
  createCategory,
  deleteCategory,
  reorder,
  updateCategory,
} from '../domain/knowledge-base/categories.ts';
import type { KbData } from '../domain/knowledge-base/data.ts';
import {
  answerAssets,
  assertCategoryVisible,
  categoryAssets,
  categoryRecord,
} from '../domain/knowledge-base/records.ts';
import type { Assets } from '../domain/shapes.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { input, pathId, ref, ShapeQuery } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { CategoryInput, context, EDITOR, fresh } from './kb-context.ts';

const CATEGORY = 'KnowledgeBase::Category';
const TABLES = { category: 'knowledge_base_categories', answer: 'knowledge_base_answers' } as const;

/** A category, or with `full` its assets (itself, its parents, the knowledge base). */
async function categoryReply(c: Context<DeskEnv>, kbId: number, id: number, status: 200 | 201) {
  const { data, v } = await fresh(c, kbId);
  const cat = data.categories.find((x) => x.id === id);
  if (!cat) throw new NotFoundError(CATEGORY, id);
  if ((await input(c, ShapeQuery)).full) return reply(c, { id, assets: categoryAssets(data, v, id) }, status);
  return reply(c, categoryRecord(data, v, cat), status);
}

/** Reorders a scope, then replies with the assets of the reordered records (as Zammad). */
async function reorderIn(c: Context<DeskEnv>, kind: keyof typeof TABLES, scope: (data: KbData) => number[]) {
  const { data } = await context(c, c.req.param('kb'));
  const { ordered_ids } = await input(c, z.looseObject({ ordered_ids: ref }));
  const scopeIds = scope(data);
  await c.get('db').tx((tx) => reorder(tx, TABLES[kind], scopeIds, ordered_ids));
  const after = await fresh(c, data.kb.id);
  const bucket: Record<string, unknown> = {};
  for (const id of scopeIds) {
    if (kind === 'category') {
      const cat = after.data.categories.find((x) => x.id === id);
      if (cat) bucket[String(id)] = categoryRecord(after.data, after.v, cat);
    } else {
      const assets: Assets = await answerAssets(c.get('db'), after.data, after.v, id, []);
      const a = assets.KnowledgeBaseAnswer?.[String(id)];
      if (a) bucket[String(id)] = a;
    }
  }
  return reply(c, { [kind === 'category' ? 'KnowledgeBaseCategory' : 'KnowledgeBaseAnswer']: bucket });
}

/** The category with this id in the knowledge base, else 404. */
function categoryIn(data: KbData, id: number): void {
  if (!data.categories.some((x) => x.id === id)) throw new NotFoundError(CATEGORY, id);
}

/** Knowledge-base categories: anyone reads what they may see, editors write. */
export function kbCategoryRoutes() {
  const app = new Hono<DeskEnv>();
  const editor = requirePermission(EDITOR);
  const one = '/knowledge_bases/:kb{[0-9]+}/categories/:id{[0-9]+}';

  app.post('/knowledge_bases/:kb{[0-9]+}/categories', editor, async (c) => {
    const { data } = await context(c, c.req.param('kb'));
    const body = await input(c, CategoryInput);
    const id = await c.get('db').tx((tx) => createCategory(tx, data, c.get('actor').user.id, body));
    return categoryReply(c, data.kb.id, id, 201);
  });

  app.get(one, async (c) => {
    const { data, v } = await context(c, c.req.param('kb'));
    const id = pathId(c.req.param('id'), CATEGORY);
    const cat = assertCategoryVisible(data, v, id, !c.get('actor'));
    if ((await input(c, ShapeQuery)).full) return reply(c, { id, assets: categoryAssets(data, v, id) });
    return reply(c, categoryRecord(data, v, cat));
  });

  const patch = async (c: Context<DeskEnv>) => {
    const { data } = await context(c, c.req.param('kb'));
    const id = pathId(c.req.param('id'), CATEGORY);
    const body = await input(c, CategoryInput);
    await c.get('db').tx((tx) => updateCategory(tx, data, c.get('actor').user.id, id, body));
    return categoryReply(c, data.kb.id, id, 200);
  };
  app.patch(one, editor, patch);
  app.put(one, editor, patch);

  app.delete(one, editor, async (c) => {
    const { data } = await context(c, c.req.param('kb'));
    await deleteCategory(c.get('db'), data, pathId(c.req.param('id'), CATEGORY));
    return reply(c, {});
  });

  app.patch('/knowledge_bases/:kb{[0-9]+}/categories/reorder_root_categories', editor, (c) =>
    reorderIn(c, 'category', (data) => data.categories.filter((x) => x.parent_id === null).map((x) => x.id)),
  );
  app.patch(`${one}/reorder_categories`, editor, (c) => {
    const id = pathId(c.req.param('id'), CATEGORY);
    return reorderIn(c, 'category', (data) => {
      categoryIn(data, id);
      return data.categories.filter((x) => x.parent_id === id).map((x) => x.id);
    });
  });
  app.patch(`${one}/reorder_answers`, editor, (c) => {
    const id = pathId(c.req.param('id'), CATEGORY);
    return reorderIn(c, 'answer', (data) => {
      categoryIn(data, id);
      return data.answers.filter((a) => a.category_id === id).map((a) => a.id);
    });
  });

  return app;
}
