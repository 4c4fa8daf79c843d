/**
 * The knowledge base's records and assets as a caller may see them: the public never sees
 * drafts, internal answers, internal notes or who wrote what.
 */
import type { Db } from '../../db/client.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { type Assets, addAsset, type Row } from '../shapes.ts';
import type { AnswerRow, AttachmentRow, CategoryRow, KbData, Visible } from './data.ts';

function attachmentRecord(a: AttachmentRow): Row {
  const url = `/api/v1/attachments/${a.id}`;
  return {
    id: a.id,
    url,
    preview_url: `${url}?preview=1`,
    filename: a.filename,
    size: String(a.size),
    preferences: a.preferences,
  };
}

export function kbRecord(data: KbData, v: Visible): Row {
  const { kb } = data;
  return {
    ...kb,
    translation_ids: data.translations.map((t) => t.id),
    kb_locale_ids: data.locales.map((l) => l.id),
    category_ids: data.categories.filter((c) => v.categories.has(c.id)).map((c) => c.id),
    answer_ids: data.answers.filter((a) => v.answers.has(a.id)).map((a) => a.id),
    permission_ids: [],
    permissions_effective: [],
  };
}

export function categoryRecord(data: KbData, v: Visible, c: CategoryRow): Row {
  return {
    ...c,
    translation_ids: data.categoryTranslations.filter((t) => t.category_id === c.id).map((t) => t.id),
    answer_ids: data.answers.filter((a) => a.category_id === c.id && v.answers.has(a.id)).map((a) => a.id),
    child_ids: data.categories.filter((x) => x.parent_id === c.id && v.categories.has(x.id)).map((x) => x.id),
    permission_ids: [],
    permissions_effective: [],
  };
}

export function answerRecord(data: KbData, v: Visible, a: AnswerRow): Row {
  const out: Row = {
    ...a,
    translation_ids: data.answerTranslations.filter((t) => t.answer_id === a.id).map((t) => t.id),
    attachments: data.attachments.filter((x) => x.o_id === a.id).map(attachmentRecord),
    tags: data.tags.get(a.id) ?? [],
  };
  // The internal note and who did what are for the team, not the public.
  if (v.level === 'public') {
    out.internal_note = null;
    for (const k of ['internal_by_id', 'published_by_id', 'archived_by_id', 'created_by_id', 'updated_by_id'])
      delete out[k];
  }
  return out;
}

function baseAssets(data: KbData, v: Visible, assets: Assets): void {
  addAsset(assets, 'KnowledgeBase', kbRecord(data, v));
  for (const t of data.translations) addAsset(assets, 'KnowledgeBaseTranslation', t);
  for (const l of data.locales) addAsset(assets, 'KnowledgeBaseLocale', l);
}

function categoryWithParents(data: KbData, v: Visible, id: number, assets: Assets): void {
  let cur: CategoryRow | undefined = data.categories.find((c) => c.id === id);
  while (cur) {
    addAsset(assets, 'KnowledgeBaseCategory', categoryRecord(data, v, cur));
    for (const t of data.categoryTranslations)
      if (t.category_id === cur.id) addAsset(assets, 'KnowledgeBaseCategoryTranslation', t);
    const parentId: number | null = cur.parent_id;
    cur = parentId === null ? undefined : data.categories.find((c) => c.id === parentId);
  }
}

async function addContents(
  db: Db,
  data: KbData,
  v: Visible,
  contentIds: number[],
  assets: Assets,
): Promise<void> {
  const allowed = data.answerTranslations.filter(
    (t) => v.answers.has(t.answer_id) && contentIds.includes(t.content_id),
  );
  if (allowed.length === 0) return;
  const rows = await db.query<Row>(
    'SELECT id, body FROM knowledge_base_answer_translation_contents WHERE id = ANY($1::int[])',
    [allowed.map((t) => t.content_id)],
  );
  for (const r of rows) addAsset(assets, 'KnowledgeBaseAnswerTranslationContent', r);
}

/** `POST /knowledge_bases/init`: the assets of everything the caller may see. */
export async function initAssets(db: Db, data: KbData, v: Visible, contentIds: number[]): Promise<Assets> {
  const assets: Assets = {};
  baseAssets(data, v, assets);
  for (const c of data.categories) {
    if (!v.categories.has(c.id)) continue;
    addAsset(assets, 'KnowledgeBaseCategory', categoryRecord(data, v, c));
  }
  for (const t of data.categoryTranslations)
    if (v.categories.has(t.category_id)) addAsset(assets, 'KnowledgeBaseCategoryTranslation', t);
  for (const a of data.answers)
    if (v.answers.has(a.id)) addAsset(assets, 'KnowledgeBaseAnswer', answerRecord(data, v, a));
  for (const t of data.answerTranslations)
    if (v.answers.has(t.answer_id)) addAsset(assets, 'KnowledgeBaseAnswerTranslation', t);
  await addContents(db, data, v, contentIds, assets);
  return assets;
}

/** The assets of one answer: itself, its translations, its category path, the KB, and the requested contents. */
export async function answerAssets(
  db: Db,
  data: KbData,
  v: Visible,
  answerId: number,
  contentIds: number[],
): Promise<Assets> {
  const a = data.answers.find((x) => x.id === answerId);
  if (!a) throw new NotFoundError('KnowledgeBase::Answer', answerId);
  const assets: Assets = {};
  baseAssets(data, v, assets);
  categoryWithParents(data, v, a.category_id, assets);
  addAsset(assets, 'KnowledgeBaseAnswer', answerRecord(data, v, a));
  for (const t of data.answerTranslations)
    if (t.answer_id === a.id) addAsset(assets, 'KnowledgeBaseAnswerTranslation', t);
  await addContents(db, data, v, contentIds, assets);
  return assets;
}

export function categoryAssets(data: KbData, v: Visible, categoryId: number): Assets {
  const assets: Assets = {};
  baseAssets(data, v, assets);
  categoryWithParents(data, v, categoryId, assets);
  return assets;
}

/** 404 for a missing answer; 403 for one the caller may not see (Authentication required when anonymous). */
export function assertAnswerVisible(data: KbData, v: Visible, id: number, anonymous: boolean): AnswerRow {
  const a = data.answers.find((x) => x.id === id);
  if (!a) throw new NotFoundError('KnowledgeBase::Answer', id);
  if (!v.answers.has(id)) throw new ForbiddenError(anonymous ? 'Authentication required' : undefined);
  return a;
}

export function assertCategoryVisible(data: KbData, v: Visible, id: number, anonymous: boolean): CategoryRow {
  const c = data.categories.find((x) => x.id === id);
  if (!c) throw new NotFoundError('KnowledgeBase::Category', id);
  if (!v.categories.has(id)) throw new ForbiddenError(anonymous ? 'Authentication required' : undefined);
  return c;
}
