import type { Db } from '../../db/client.ts';
import type { Row } from '../shapes.ts';

/** KB settings an admin may change (`PATCH /knowledge_bases/:kb`, `/knowledge_bases/manage/:kb`). */
export async function updateKb(db: Db, id: number, input: Row): Promise<void> {
  const text = [
    'iconset',
    'color_highlight',
    'color_header',
    'color_header_link',
    'homepage_layout',
    'category_layout',
    'custom_address',
  ];
  const bools = ['active', 'show_feed_icon'];
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const k of text)
    if (input[k] !== undefined) {
      values.push(input[k] === null ? null : String(input[k]));
      sets.push(`${k} = $${values.length}`);
    }
  for (const k of bools)
    if (input[k] !== undefined) {
      values.push(input[k] === true);
      sets.push(`${k} = $${values.length}`);
    }
  values.push(id);
  await db.query(
    `UPDATE knowledge_bases SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $${values.length}`,
    values,
  );
}
