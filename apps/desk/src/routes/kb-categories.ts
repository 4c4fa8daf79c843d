import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { can } from '../domain/actor.ts';
import { administered, COMMUNITY_ADMIN } from '../domain/communities.ts';
import { ForbiddenError, InvalidError, NotFoundError } from '../domain/errors.ts';
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

/** The community a category is written for: sent, else the parent's, else the current one's. */
function communityOf(data: KbData, body: Record<string, unknown>, currentId?: number): number | null {
  const v = body.community_id;
  if (v !== undefined) {
    if (v === null || v === '') return null;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n <= 0)
      throw new InvalidError(`Invalid value for param 'community_id': ${JSON.stringify(v)}`);
    return n;
  }
  const fromId = (id: unknown) =>
    (data.categories.find((x) => x.id === Number(id))?.community_id as number | null | undefined) ?? null;
  if (currentId !== undefined) return fromId(currentId);
  return body.parent_id === undefined || body.parent_id === null ? null : fromId(body.parent_id);
}

/**
 * Editors write anywhere; a community admin writes only categories of a community they
 * administer (the category before and after the write, and its new parent).
 */
async function assertCategoryWriter(
  c: Context<DeskEnv>,
  data: KbData,
  body: Record<string, unknown>,
  currentId?: number,
): Promise<number | null> {
  const target = communityOf(data, body, currentId);
  if (can(c.get('actor'), EDITOR)) return target;
  const mine = await administered(c.get('db'), c.get('actor'));
  const owner = (id: unknown) =>
    data.categories.find((x) => x.id === Number(id))?.community_id as number | null;
  const allowed = (id: number | null | undefined) => id !== null && id !== undefined && mine.includes(id);
  if (currentId !== undefined && !allowed(owner(currentId))) throw new ForbiddenError();
  if (!allowed(target)) throw new ForbiddenError();
  if (body.parent_id !== undefined && body.parent_id !== null && body.parent_id !== '')
    if (!allowed(owner(body.parent_id))) throw new ForbiddenError();
  return target;
}

async function setCommunity(db: Db, id: number, communityId: number | null): Promise<void> {
  if (
    communityId !== null &&
    !(await db.query('SELECT 1 FROM communities WHERE id = $1', [communityId])).length
  )
    throw new InvalidError(`Invalid value for param 'community_id': ${communityId}`);
  await db.query('UPDATE knowledge_base_categories SET community_id = $1 WHERE id = $2', [communityId, id]);
}

/** Knowledge-base categories: anyone reads what they may see, editors and community admins write. */
export function kbCategoryRoutes() {
  const app = new Hono<DeskEnv>();
  const editor = requirePermission(EDITOR);
  const writer = requirePermission([EDITOR, COMMUNITY_ADMIN]);
  const one = '/knowledge_bases/:kb{[0-9]+}/categories/:id{[0-9]+}';

  app.post('/knowledge_bases/:kb{[0-9]+}/categories', writer, async (c) => {
    const { data } = await context(c, c.req.param('kb'));
    const body = await input(c, CategoryInput);
    const community = await assertCategoryWriter(c, data, body);
    const id = await c.get('db').tx(async (tx) => {
      const id = await createCategory(tx, data, c.get('actor').user.id, body);
      if (community !== null) await setCommunity(tx, id, community);
      return id;
    });
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
    const community = await assertCategoryWriter(c, data, body, id);
    await c.get('db').tx((tx) => updateCategory(tx, data, c.get('actor').user.id, id, body));
    if (body.community_id !== undefined) await setCommunity(c.get('db'), id, community);
    return categoryReply(c, data.kb.id, id, 200);
  };
  app.patch(one, writer, patch);
  app.put(one, writer, patch);

  app.delete(one, writer, async (c) => {
    const { data } = await context(c, c.req.param('kb'));
    const id = pathId(c.req.param('id'), CATEGORY);
    await assertCategoryWriter(c, data, {}, id);
    await deleteCategory(c.get('db'), data, id);
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
