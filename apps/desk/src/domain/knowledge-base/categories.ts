/** Writing the knowledge base's categories (and the helpers answers share). */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { InvalidError, NotFoundError } from '../errors.ts';
import type { Row } from '../shapes.ts';
import { type CategoryRow, descendants, type KbData } from './data.ts';

/** A translation as sent: Rails nested attributes as a list, `_destroy` cast (http/input.ts). */
export interface TranslationInput extends Row {
  id?: unknown;
  title?: unknown;
  kb_locale_id?: unknown;
  _destroy?: boolean;
  content_attributes?: unknown;
}

export interface CategoryInput extends Row {
  parent_id?: unknown;
  category_icon?: unknown;
  translations_attributes?: TranslationInput[];
}

export function kbLocaleOf(data: KbData, v: unknown): number {
  const id = Number(v);
  if (!data.locales.some((l) => l.id === id))
    throw new InvalidError(`Invalid value for param 'kb_locale_id': ${JSON.stringify(v ?? null)}`);
  return id;
}

export function titleOf(v: unknown): string {
  const title =
    typeof v === 'string'
      ? v
          .replace(/[\uE000\uE001]/g, '')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
  if (!title) throw new InvalidError("The required value 'title' is missing.");
  if (title.length > 250) throw new InvalidError('Title is too long (maximum is 250 characters)');
  return title;
}

export async function nextPosition(db: Db, sql: string, params: unknown[]): Promise<number> {
  return ((await one<{ n: number }>(db, sql, params))?.n ?? -1) + 1;
}

export function categoryOf(data: KbData, v: unknown, param: string): CategoryRow {
  const id = Number(v);
  const c = data.categories.find((x) => x.id === id);
  if (!c) throw new InvalidError(`Invalid value for param '${param}': ${JSON.stringify(v ?? null)}`);
  return c;
}

/** `POST /knowledge_bases/:kb/categories`. */

export async function createCategory(
  db: Db,
  data: KbData,
  actorId: number,
  input: CategoryInput,
): Promise<number> {
  const parent =
    input.parent_id === undefined || input.parent_id === null || input.parent_id === ''
      ? null
      : categoryOf(data, input.parent_id, 'parent_id');
  const icon =
    typeof input.category_icon === 'string' && input.category_icon.trim()
      ? input.category_icon.trim()
      : 'f115';
  const translations = input.translations_attributes ?? [];
  if (translations.length === 0) throw new InvalidError("The required value 'translations' is missing.");
  const position = await nextPosition(
    db,
    'SELECT max(position) AS n FROM knowledge_base_categories WHERE knowledge_base_id = $1 AND parent_id IS NOT DISTINCT FROM $2',
    [data.kb.id, parent?.id ?? null],
  );
  const row = (await one<{ id: number }>(
    db,
    `INSERT INTO knowledge_base_categories (knowledge_base_id, parent_id, category_icon, position) VALUES ($1, $2, $3, $4) RETURNING id`,
    [data.kb.id, parent?.id ?? null, icon, position],
  )) as { id: number };
  await saveCategoryTranslations(db, data, row.id, actorId, translations);
  return row.id;
}

async function saveCategoryTranslations(
  db: Db,
  data: KbData,
  categoryId: number,
  actorId: number,
  list: TranslationInput[],
) {
  for (const t of list) {
    if (t.id !== undefined && t.id !== null && t.id !== '') {
      const existing = data.categoryTranslations.find(
        (x) => x.id === Number(t.id) && x.category_id === categoryId,
      );
      if (!existing)
        throw new InvalidError(
          `Invalid value for param 'translations_attributes.id': ${JSON.stringify(t.id)}`,
        );
      if (t._destroy === true) {
        await db.query('DELETE FROM knowledge_base_category_translations WHERE id = $1', [existing.id]);
        continue;
      }
      await db.query(
        'UPDATE knowledge_base_category_translations SET title = $1, updated_by_id = $2, updated_at = now() WHERE id = $3',
        [t.title === undefined ? existing.title : titleOf(t.title), actorId, existing.id],
      );
      continue;
    }
    const kbLocaleId = kbLocaleOf(data, t.kb_locale_id);
    const dup = await one(
      db,
      'SELECT 1 FROM knowledge_base_category_translations WHERE category_id = $1 AND kb_locale_id = $2',
      [categoryId, kbLocaleId],
    );
    if (dup) throw new InvalidError('Kb locale has already been taken');
    await db.query(
      `INSERT INTO knowledge_base_category_translations (category_id, kb_locale_id, title, created_by_id, updated_by_id)
       VALUES ($1, $2, $3, $4, $4)`,
      [categoryId, kbLocaleId, titleOf(t.title), actorId],
    );
  }
}

/** `PATCH /knowledge_bases/:kb/categories/:id`: icon, parent (never below itself), translations. */
export async function updateCategory(
  db: Db,
  data: KbData,
  actorId: number,
  id: number,
  input: CategoryInput,
): Promise<void> {
  const c = data.categories.find((x) => x.id === id);
  if (!c) throw new NotFoundError('KnowledgeBase::Category', id);
  let parentId = c.parent_id;
  if (input.parent_id !== undefined) {
    parentId =
      input.parent_id === null || input.parent_id === ''
        ? null
        : categoryOf(data, input.parent_id, 'parent_id').id;
    if (parentId !== null && descendants(data, id).has(parentId))
      throw new InvalidError('Parent cannot be a subcategory of the parent category');
  }
  const icon =
    typeof input.category_icon === 'string' && input.category_icon.trim()
      ? input.category_icon.trim()
      : c.category_icon;
  let position = c.position;
  if (parentId !== c.parent_id)
    position = await nextPosition(
      db,
      'SELECT max(position) AS n FROM knowledge_base_categories WHERE knowledge_base_id = $1 AND parent_id IS NOT DISTINCT FROM $2',
      [data.kb.id, parentId],
    );
  await db.query(
    'UPDATE knowledge_base_categories SET parent_id = $1, category_icon = $2, position = $3, updated_at = now() WHERE id = $4',
    [parentId, icon, position, id],
  );
  await saveCategoryTranslations(db, data, id, actorId, input.translations_attributes ?? []);
}

/** Categories holding answers or subcategories cannot be deleted (Zammad restricts too). */
export async function deleteCategory(db: Db, data: KbData, id: number): Promise<void> {
  if (!data.categories.some((x) => x.id === id)) throw new NotFoundError('KnowledgeBase::Category', id);
  if (data.categories.some((x) => x.parent_id === id) || data.answers.some((a) => a.category_id === id))
    throw new InvalidError("Can't delete, object has references.");
  await db.query('DELETE FROM knowledge_base_categories WHERE id = $1', [id]);
}

/** The reorder endpoints: `ordered_ids` must list every item in scope exactly once, else 422. */
export async function reorder(
  db: Db,
  table: 'knowledge_base_categories' | 'knowledge_base_answers',
  scopeIds: number[],
  raw: unknown,
): Promise<void> {
  const list = Array.isArray(raw)
    ? raw.map(Number)
    : typeof raw === 'string'
      ? raw.split(',').map(Number)
      : [];
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b).join(',');
  if (list.length !== scopeIds.length || sorted(list) !== sorted(scopeIds))
    throw new InvalidError('Provide position of all items in scope');
  for (const [i, id] of list.entries()) {
    // `table` is one of two literal names.
    await db.query(`UPDATE ${table} SET position = $1, updated_at = now() WHERE id = $2`, [i, id]);
  }
}
