import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import type { Db } from '../db/client.ts';
import { type Actor, can, hasGroupAccess, isAgent } from '../domain/actor.ts';
import {
  addTags,
  adminTagList,
  deleteTagItem,
  listTags,
  removeTag,
  renameTag,
  searchTags,
  tagItem,
} from '../domain/tags.ts';
import { loadReadableTicket, loadTicket } from '../domain/tickets.ts';
import { ApiError, notAuthorized } from '../lib/errors.ts';
import { intParam, params, reply } from '../lib/http.ts';

const TAGGABLE = new Set(['Ticket', 'KnowledgeBase::Answer']);

function objectParam(q: Record<string, unknown>): string {
  const object = q.object;
  if (typeof object !== 'string' || !TAGGABLE.has(object))
    throw new ApiError(422, `Invalid value for param 'object': ${JSON.stringify(object ?? null)}`);
  return object;
}

/** Tagging a ticket needs agent `change` on it; a knowledge base answer needs an editor. */
async function assertMayTag(db: Db, actor: Actor, object: string, oId: number): Promise<void> {
  if (object === 'Ticket') {
    const ticket = await loadTicket(db, oId);
    if (!(isAgent(actor) && hasGroupAccess(actor, ticket.group_id, 'change'))) throw notAuthorized();
    return;
  }
  if (!can(actor, 'knowledge_base.editor')) throw notAuthorized();
}

function itemParam(q: Record<string, unknown>): string {
  const item = typeof q.item === 'string' ? q.item.trim() : '';
  if (!item) throw new ApiError(422, "The required value 'item' is missing.");
  return item;
}

export function tagsRoutes() {
  const app = new Hono<DeskEnv>();
  const adminTag = requirePermission('admin.tag');

  app.get('/tags', async (c) => {
    const db = c.get('db');
    const q = await params(c);
    if (q.object === undefined || q.o_id === undefined) return reply(c, { tags: [] });
    const object = objectParam(q);
    const oId = intParam(q.o_id, 'o_id');
    if (object === 'Ticket') await loadReadableTicket(db, c.get('actor'), oId);
    return reply(c, { tags: await listTags(db, object, oId) });
  });

  app.post('/tags/add', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const object = objectParam(q);
    const oId = intParam(q.o_id, 'o_id');
    const item = itemParam(q);
    await assertMayTag(db, actor, object, oId);
    await db.tx((tx) => addTags(tx, actor, object, oId, [item]));
    return reply(c, true, 201);
  });

  app.delete('/tags/remove', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const object = objectParam(q);
    const oId = intParam(q.o_id, 'o_id');
    const item = itemParam(q);
    await assertMayTag(db, actor, object, oId);
    await db.tx((tx) => removeTag(tx, actor, object, oId, item));
    return reply(c, true, 200);
  });

  app.get('/tag_search', async (c) => {
    const q = await params(c);
    const limit = Math.min(Math.max(Number(q.limit ?? 10) || 10, 1), 1000);
    return reply(c, await searchTags(c.get('db'), typeof q.term === 'string' ? q.term : '', limit));
  });

  app.get('/tag_list', adminTag, async (c) => {
    const q = await params(c);
    const limit = Math.min(Math.max(Number(q.limit ?? 5000) || 5000, 1), 5000);
    return reply(c, await adminTagList(c.get('db'), limit));
  });

  app.post('/tag_list', adminTag, async (c) => {
    const q = await params(c);
    const name = typeof q.name === 'string' ? q.name.trim() : '';
    if (!name) throw new ApiError(422, "The required value 'name' is missing.");
    await tagItem(c.get('db'), c.get('actor'), name);
    return reply(c, {});
  });

  app.put('/tag_list/:id{[0-9]+}', adminTag, async (c) => {
    const q = await params(c);
    const db = c.get('db');
    const id = intParam(c.req.param('id'), 'id');
    await db.tx((tx) => renameTag(tx, id, typeof q.name === 'string' ? q.name : ''));
    return reply(c, {});
  });

  app.delete('/tag_list/:id{[0-9]+}', adminTag, async (c) => {
    await deleteTagItem(c.get('db'), intParam(c.req.param('id'), 'id'));
    return reply(c, {});
  });

  return app;
}
