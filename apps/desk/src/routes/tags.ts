import { Hono } from 'hono';
import { z } from 'zod';
import {
  addTags,
  adminTagList,
  assertMayTag,
  createTagItem,
  deleteTagItem,
  removeTag,
  renameTag,
  searchTags,
  TAGGABLE,
  tagsOf,
} from '../domain/tags.ts';
import type { DeskEnv } from '../http/env.ts';
import { input, int, limitOf, oneOf, parse, ref, text } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { resourceRoutes } from '../http/resource.ts';

const object = oneOf('object', TAGGABLE);

const item = z.unknown().transform((v, ctx) => {
  const trimmed = typeof v === 'string' ? v.trim() : '';
  if (trimmed) return trimmed;
  ctx.addIssue({ code: 'custom', message: "The required value 'item' is missing." });
  return z.NEVER;
});

/** `object` + `o_id` (+ `item`): tags of one object. Checked in that order, as Zammad does. */
const TagTarget = z.looseObject({ object, o_id: int('o_id') });
const TagOnObject = TagTarget.extend({ item });

/** Zammad's admin tag list: not paged, `limit` only; writes answer `{}`. */
const tagListRoutes = () =>
  resourceRoutes({
    path: 'tag_list',
    table: 'tag_items',
    model: 'Tag::Item',
    permissions: { read: 'admin.tag', write: 'admin.tag' },
    actions: ['index', 'create', 'update', 'delete'],
    input: z.looseObject({ name: text }),
    replies: 'empty',
    list: (db, _actor, q) => adminTagList(db, limitOf(q.limit, 5000, 5000)),
    create: (db, actor, body) => createTagItem(db, actor, body.name),
    update: (db, _actor, id, body) => renameTag(db, id, body.name ?? ''),
    remove: (db, _actor, id) => deleteTagItem(db, id),
  });

export function tagsRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/tags', async (c) => {
    const q = await input(c, z.looseObject({ object: ref, o_id: ref }));
    if (q.object === undefined || q.o_id === undefined) return reply(c, { tags: [] });
    const target = parse(TagTarget, q);
    return reply(c, { tags: await tagsOf(c.get('db'), c.get('actor'), target.object, target.o_id) });
  });

  app.post('/tags/add', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await input(c, TagOnObject);
    await assertMayTag(db, actor, q.object, q.o_id);
    await db.tx((tx) => addTags(tx, actor, q.object, q.o_id, [q.item]));
    return reply(c, true, 201);
  });

  app.delete('/tags/remove', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await input(c, TagOnObject);
    await assertMayTag(db, actor, q.object, q.o_id);
    await db.tx((tx) => removeTag(tx, actor, q.object, q.o_id, q.item));
    return reply(c, true, 200);
  });

  app.get('/tag_search', async (c) => {
    const q = await input(c, z.looseObject({ term: ref, limit: ref }));
    return reply(
      c,
      await searchTags(c.get('db'), typeof q.term === 'string' ? q.term : '', limitOf(q.limit, 10, 1000)),
    );
  });

  app.route('/', tagListRoutes());
  return app;
}
