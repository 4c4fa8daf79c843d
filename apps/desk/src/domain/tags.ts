import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { ApiError } from '../lib/errors.ts';
import { type Actor, can } from './actor.ts';

/** Finds a tag item by name (case-insensitive) or creates it when `tag_new` allows. */
export async function tagItem(db: Db, actor: Actor, name: string): Promise<number> {
  const clean = name.trim();
  const existing = await one<{ id: number }>(db, 'SELECT id FROM tag_items WHERE name_downcase = lower($1)', [
    clean,
  ]);
  if (existing) return existing.id;
  const setting = await one<{ value: unknown }>(db, "SELECT value FROM settings WHERE name = 'tag_new'");
  if (setting?.value === false && !can(actor, 'admin.tag')) throw new ApiError(403, 'Not authorized');
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
    await db.query(
      `INSERT INTO tags (tag_item_id, object, o_id, created_by_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (object, o_id, tag_item_id) DO NOTHING`,
      [itemId, object, oId, actor.user.id],
    );
  }
}

export async function listTags(db: Db, object: string, oId: number): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT ti.name FROM tags t JOIN tag_items ti ON ti.id = t.tag_item_id
      WHERE t.object = $1 AND t.o_id = $2 ORDER BY t.id`,
    [object, oId],
  );
  return rows.map((r) => r.name);
}
