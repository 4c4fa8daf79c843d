import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, can, hasGroupAccess, isAgent } from './actor.ts';
import { ForbiddenError, InvalidError, NotFoundError } from './errors.ts';
import { addHistory } from './history.ts';
import { loadReadableTicket, loadTicket } from './ticket-access.ts';

/** Finds a tag item by name (case-insensitive) or creates it when `tag_new` allows. */
export async function tagItem(db: Db, actor: Actor, name: string): Promise<number> {
  const clean = name.trim();
  const existing = await one<{ id: number }>(db, 'SELECT id FROM tag_items WHERE name_downcase = lower($1)', [
    clean,
  ]);
  if (existing) return existing.id;
  const setting = await one<{ value: unknown }>(db, "SELECT value FROM settings WHERE name = 'tag_new'");
  if (setting?.value === false && !can(actor, 'admin.tag')) throw new ForbiddenError();
  const row = await one<{ id: number }>(
    db,
    `INSERT INTO tag_items (name, name_downcase) VALUES ($1, lower($1))
     ON CONFLICT (name_downcase) DO UPDATE SET updated_at = tag_items.updated_at RETURNING id`,
    [clean],
  );
  return (row as { id: number }).id;
}

export async function addTags(
  db: Db,
  actor: Actor,
  object: string,
  oId: number,
  names: string[],
): Promise<void> {
  for (const name of names) {
    if (name.trim() === '') continue;
    const itemId = await tagItem(db, actor, name);
    const added = await db.query(
      `INSERT INTO tags (tag_item_id, object, o_id, created_by_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (object, o_id, tag_item_id) DO NOTHING RETURNING id`,
      [itemId, object, oId, actor.user.id],
    );
    if (added.length > 0) await tagHistory(db, actor, 'added', { object, oId }, name);
  }
}

/** A tag added to or removed from an object, in the object's history. */
async function tagHistory(
  db: Db,
  actor: Actor,
  type: 'added' | 'removed',
  on: { object: string; oId: number },
  name: string,
): Promise<void> {
  await addHistory(db, {
    o_id: on.oId,
    object: on.object,
    type,
    attribute: 'tag',
    value_to: name.trim(),
    created_by_id: actor.user.id,
  });
}

export async function listTags(db: Db, object: string, oId: number): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT ti.name FROM tags t JOIN tag_items ti ON ti.id = t.tag_item_id
      WHERE t.object = $1 AND t.o_id = $2 ORDER BY t.id`,
    [object, oId],
  );
  return rows.map((r) => r.name);
}

export async function removeTag(
  db: Db,
  actor: Actor,
  object: string,
  oId: number,
  name: string,
): Promise<void> {
  const removed = await db.query<{ id: number }>(
    `DELETE FROM tags t USING tag_items ti
      WHERE ti.id = t.tag_item_id AND ti.name_downcase = lower($3) AND t.object = $1 AND t.o_id = $2
      RETURNING t.id`,
    [object, oId, name.trim()],
  );
  if (removed.length > 0) await tagHistory(db, actor, 'removed', { object, oId }, name);
}

/** What can carry tags through `/tags`. */
export const TAGGABLE = ['Ticket', 'KnowledgeBase::Answer'] as const;
export type Taggable = (typeof TAGGABLE)[number];

/** `GET /tags`: an object's tags; a ticket's only for those who may read it. */
export async function tagsOf(db: Db, actor: Actor, object: Taggable, oId: number): Promise<string[]> {
  if (object === 'Ticket') await loadReadableTicket(db, actor, oId);
  return listTags(db, object, oId);
}

/** Tagging a ticket needs agent `change` on it; a knowledge base answer needs an editor. */
export async function assertMayTag(db: Db, actor: Actor, object: Taggable, oId: number): Promise<void> {
  if (object === 'Ticket') {
    const ticket = await loadTicket(db, oId);
    if (!(isAgent(actor) && hasGroupAccess(actor, ticket.group_id, 'change'))) throw new ForbiddenError();
    return;
  }
  if (!can(actor, 'knowledge_base.editor')) throw new ForbiddenError();
}

/** `POST /tag_list`: a tag item, created unless one of that name exists. */
export async function createTagItem(db: Db, actor: Actor, name: string | undefined): Promise<number> {
  const clean = (name ?? '').trim();
  if (!clean) throw new InvalidError("The required value 'name' is missing.");
  return tagItem(db, actor, clean);
}

/** `GET /tag_search`: substring match by name; a blank term gives the most used tags. */
export async function searchTags(
  db: Db,
  term: string,
  limit: number,
): Promise<{ id: number; value: string }[]> {
  const rows = term.trim()
    ? await db.query<{ id: number; name: string }>(
        `SELECT id, name FROM tag_items WHERE name_downcase LIKE '%' || $1 || '%' ESCAPE '\\'
          ORDER BY name ASC LIMIT $2`,
        [
          term
            .trim()
            .toLowerCase()
            .replace(/[\\%_]/g, (m) => `\\${m}`),
          limit,
        ],
      )
    : await db.query<{ id: number; name: string }>(
        `SELECT ti.id, ti.name FROM tag_items ti LEFT JOIN tags t ON t.tag_item_id = ti.id
          GROUP BY ti.id, ti.name ORDER BY count(t.id) DESC, ti.name ASC LIMIT $1`,
        [limit],
      );
  return rows.map((r) => ({ id: r.id, value: r.name }));
}

export async function adminTagList(
  db: Db,
  limit: number,
): Promise<{ id: number; name: string; count: number }[]> {
  return db.query<{ id: number; name: string; count: number }>(
    `SELECT ti.id, ti.name, count(t.id)::int AS count FROM tag_items ti LEFT JOIN tags t ON t.tag_item_id = ti.id
      GROUP BY ti.id, ti.name ORDER BY ti.name ASC LIMIT $1`,
    [limit],
  );
}

/** Renames a tag; when another tag already has that name, the two are merged. */
export async function renameTag(db: Db, id: number, name: string): Promise<void> {
  const clean = name.trim();
  if (!clean) throw new InvalidError("The required value 'name' is missing.");
  const item = await one<{ id: number }>(db, 'SELECT id FROM tag_items WHERE id = $1', [id]);
  if (!item) throw new NotFoundError('Tag::Item', id);
  const other = await one<{ id: number }>(
    db,
    'SELECT id FROM tag_items WHERE name_downcase = lower($1) AND id <> $2',
    [clean, id],
  );
  if (other) {
    await db.query(
      `UPDATE tags t SET tag_item_id = $2 WHERE t.tag_item_id = $1 AND NOT EXISTS (
         SELECT 1 FROM tags x WHERE x.tag_item_id = $2 AND x.object = t.object AND x.o_id = t.o_id)`,
      [id, other.id],
    );
    await db.query('DELETE FROM tag_items WHERE id = $1', [id]);
    await db.query('UPDATE tag_items SET name = $2, updated_at = now() WHERE id = $1', [other.id, clean]);
    return;
  }
  await db.query(
    'UPDATE tag_items SET name = $2, name_downcase = lower($2), updated_at = now() WHERE id = $1',
    [id, clean],
  );
}

export async function deleteTagItem(db: Db, id: number): Promise<void> {
  const rows = await db.query<{ id: number }>('DELETE FROM tag_items WHERE id = $1 RETURNING id', [id]);
  if (rows.length === 0) throw new NotFoundError('Tag::Item', id);
}
