/**
 * Zammad's knowledge base (§3.12): one knowledge base with locales, nested categories and
 * answers, each with a translation per locale. An answer's visibility follows its timestamps:
 * none = draft (editors), internal_at = internal (readers and editors), published_at =
 * published (everyone, anonymous included), archived_at = archived (editors).
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { type Actor, can } from '../actor.ts';
import { NotFoundError } from '../errors.ts';
import type { Row } from '../shapes.ts';

/** What a caller may see: editors everything, readers internal + published, others published. */
export type KbLevel = 'editor' | 'reader' | 'public';

export function kbLevel(actor: Actor | undefined): KbLevel {
  if (!actor) return 'public';
  if (can(actor, 'knowledge_base.editor')) return 'editor';
  if (can(actor, 'knowledge_base.reader')) return 'reader';
  return 'public';
}

export type AnswerState = 'draft' | 'internal' | 'published' | 'archived';

export interface AnswerRow extends Row {
  id: number;
  category_id: number;
  position: number;
  internal_at: Date | null;
  published_at: Date | null;
  archived_at: Date | null;
}
export interface CategoryRow extends Row {
  id: number;
  knowledge_base_id: number;
  parent_id: number | null;
  position: number;
}
export interface LocaleRow extends Row {
  id: number;
  knowledge_base_id: number;
  locale: string;
  name: string;
  primary: boolean;
}
export interface AnswerTranslationRow extends Row {
  id: number;
  answer_id: number;
  kb_locale_id: number;
  content_id: number;
  title: string;
}
export interface CategoryTranslationRow extends Row {
  id: number;
  category_id: number;
  kb_locale_id: number;
  title: string;
}
export interface AttachmentRow extends Row {
  id: number;
  o_id: number;
  filename: string;
  size: number;
  preferences: Row;
}

export const ANSWER_OBJECT = 'KnowledgeBase::Answer';

const at = (v: unknown) => (v ? new Date(v as string | Date).getTime() : null);

export function answerState(
  a: Pick<AnswerRow, 'internal_at' | 'published_at' | 'archived_at'>,
  now = Date.now(),
): AnswerState {
  const archived = at(a.archived_at);
  if (archived !== null && archived <= now) return 'archived';
  const published = at(a.published_at);
  if (published !== null && published <= now) return 'published';
  const internal = at(a.internal_at);
  if (internal !== null && internal <= now) return 'internal';
  return 'draft';
}

export function answerVisible(level: KbLevel, state: AnswerState): boolean {
  if (level === 'editor') return true;
  if (level === 'reader') return state === 'internal' || state === 'published';
  return state === 'published';
}

export const ANSWER_COLUMNS = `id, category_id, position, promoted, internal_note, internal_at, internal_by_id,
  published_at, published_by_id, archived_at, archived_by_id, created_by_id, updated_by_id, created_at, updated_at`;
export const ANSWER_TRANSLATION_COLUMNS = `id, title, kb_locale_id, answer_id, content_id, created_by_id, updated_by_id,
  created_at, updated_at`;
const CATEGORY_TRANSLATION_COLUMNS =
  'id, title, kb_locale_id, category_id, created_by_id, updated_by_id, created_at, updated_at';

/** Everything of one knowledge base but the answer bodies, loaded at once (a KB is small). */
export interface KbData {
  kb: Row & { id: number };
  locales: LocaleRow[];
  translations: Row[];
  categories: CategoryRow[];
  categoryTranslations: CategoryTranslationRow[];
  answers: AnswerRow[];
  answerTranslations: AnswerTranslationRow[];
  attachments: AttachmentRow[];
  tags: Map<number, string[]>;
}

/** Answer attachments and tags, by answer id (they live in the shared attachments and tags tables). */
async function answerExtras(db: Db): Promise<{ attachments: AttachmentRow[]; tags: Map<number, string[]> }> {
  const [attachments, tags] = await Promise.all([
    db.query<AttachmentRow>(
      `SELECT id, o_id, filename, size, preferences FROM attachments WHERE object = $1 ORDER BY lower(filename), id`,
      [ANSWER_OBJECT],
    ),
    db.query<{ o_id: number; name: string }>(
      `SELECT t.o_id, ti.name FROM tags t JOIN tag_items ti ON ti.id = t.tag_item_id WHERE t.object = $1 ORDER BY t.id`,
      [ANSWER_OBJECT],
    ),
  ]);
  const byAnswer = new Map<number, string[]>();
  for (const t of tags) byAnswer.set(t.o_id, [...(byAnswer.get(t.o_id) ?? []), t.name]);
  return { attachments, tags: byAnswer };
}

const IN_KB_CATEGORIES = 'SELECT id FROM knowledge_base_categories WHERE knowledge_base_id = $1';
const IN_KB_ANSWERS = `SELECT a.id FROM knowledge_base_answers a
  JOIN knowledge_base_categories c ON c.id = a.category_id WHERE c.knowledge_base_id = $1`;

export async function loadKbData(db: Db, kbId: number): Promise<KbData> {
  const kb = await one<Row & { id: number }>(db, 'SELECT * FROM knowledge_bases WHERE id = $1', [kbId]);
  if (!kb) throw new NotFoundError('KnowledgeBase', kbId);
  const of = <T>(sql: string) => db.query<T>(sql, [kbId]);
  const [locales, translations, categories, categoryTranslations, answers, answerTranslations, extras] =
    await Promise.all([
      of<LocaleRow>('SELECT * FROM knowledge_base_locales WHERE knowledge_base_id = $1 ORDER BY id'),
      of<Row>('SELECT * FROM knowledge_base_translations WHERE knowledge_base_id = $1 ORDER BY id'),
      of<CategoryRow>(
        'SELECT * FROM knowledge_base_categories WHERE knowledge_base_id = $1 ORDER BY position, id',
      ),
      of<CategoryTranslationRow>(
        `SELECT ${CATEGORY_TRANSLATION_COLUMNS} FROM knowledge_base_category_translations
          WHERE category_id IN (${IN_KB_CATEGORIES}) ORDER BY id`,
      ),
      of<AnswerRow>(
        `SELECT ${ANSWER_COLUMNS} FROM knowledge_base_answers WHERE category_id IN (${IN_KB_CATEGORIES})
          ORDER BY position, id`,
      ),
      of<AnswerTranslationRow>(
        `SELECT ${ANSWER_TRANSLATION_COLUMNS} FROM knowledge_base_answer_translations
          WHERE answer_id IN (${IN_KB_ANSWERS}) ORDER BY id`,
      ),
      answerExtras(db),
    ]);
  return {
    kb,
    locales,
    translations,
    categories,
    categoryTranslations,
    answers,
    answerTranslations,
    ...extras,
  };
}

/** The answers and categories a level may see. Public categories need published content below them. */
export interface Visible {
  level: KbLevel;
  answers: Set<number>;
  categories: Set<number>;
}

export function visibleSets(data: KbData, level: KbLevel, now = Date.now()): Visible {
  const answers = new Set(
    data.answers.filter((a) => answerVisible(level, answerState(a, now))).map((a) => a.id),
  );
  let categories: Set<number>;
  if (level === 'public') {
    categories = new Set();
    const parent = new Map(data.categories.map((c) => [c.id, c.parent_id]));
    for (const a of data.answers) {
      if (!answers.has(a.id)) continue;
      let id: number | null | undefined = a.category_id;
      while (id !== null && id !== undefined && !categories.has(id)) {
        categories.add(id);
        id = parent.get(id);
      }
    }
  } else categories = new Set(data.categories.map((c) => c.id));
  return { level, answers, categories };
}

/** A category and every category below it. */
export function descendants(data: KbData, id: number): Set<number> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of data.categories)
      if (c.parent_id !== null && out.has(c.parent_id) && !out.has(c.id)) {
        out.add(c.id);
        grew = true;
      }
  }
  return out;
}

export async function allKbIds(db: Db): Promise<number[]> {
  return (await db.query<{ id: number }>('SELECT id FROM knowledge_bases ORDER BY id')).map((r) => r.id);
}

/** Whether a knowledge base exists and is active (the search answers nothing otherwise). */
export async function kbActive(db: Db, id: number): Promise<boolean> {
  return !!(await one(db, 'SELECT 1 FROM knowledge_bases WHERE id = $1 AND active', [id]));
}

export async function kbOfAnswer(db: Db, answerId: number): Promise<number | undefined> {
  return (
    await one<{ kb: number }>(
      db,
      `SELECT c.knowledge_base_id AS kb FROM knowledge_base_answers a JOIN knowledge_base_categories c ON c.id = a.category_id
        WHERE a.id = $1`,
      [answerId],
    )
  )?.kb;
}
