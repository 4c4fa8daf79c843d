import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { ApiError, notAuthorized, notFound } from '../lib/errors.ts';
import { type Actor, can } from './actor.ts';
import { storeFile } from './articles.ts';
import { sanitizeHtml } from './sanitize.ts';

/**
 * Zammad's knowledge base (§3.12): one knowledge base with locales, nested categories and
 * answers, each with a translation per locale. An answer's visibility follows its timestamps:
 * none = draft (editors), internal_at = internal (readers and editors), published_at =
 * published (everyone, anonymous included), archived_at = archived (editors).
 */

export type Row = Record<string, unknown>;
export type Assets = Record<string, Record<string, Row>>;

/** What a caller may see: editors everything, readers internal + published, others published. */
export type KbLevel = 'editor' | 'reader' | 'public';

export function kbLevel(actor: Actor | undefined): KbLevel {
  if (!actor) return 'public';
  if (can(actor, 'knowledge_base.editor')) return 'editor';
  if (can(actor, 'knowledge_base.reader')) return 'reader';
  return 'public';
}

export type AnswerState = 'draft' | 'internal' | 'published' | 'archived';

interface AnswerRow extends Row {
  id: number;
  category_id: number;
  position: number;
  internal_at: Date | null;
  published_at: Date | null;
  archived_at: Date | null;
}
interface CategoryRow extends Row {
  id: number;
  knowledge_base_id: number;
  parent_id: number | null;
  position: number;
}
interface LocaleRow extends Row {
  id: number;
  knowledge_base_id: number;
  locale: string;
  name: string;
  primary: boolean;
}
interface AnswerTranslationRow extends Row {
  id: number;
  answer_id: number;
  kb_locale_id: number;
  content_id: number;
  title: string;
}
interface CategoryTranslationRow extends Row {
  id: number;
  category_id: number;
  kb_locale_id: number;
  title: string;
}
interface AttachmentRow extends Row {
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

const ANSWER_COLUMNS = `id, category_id, position, promoted, internal_note, internal_at, internal_by_id,
  published_at, published_by_id, archived_at, archived_by_id, created_by_id, updated_by_id, created_at, updated_at`;
const ANSWER_TRANSLATION_COLUMNS = `id, title, kb_locale_id, answer_id, content_id, created_by_id, updated_by_id,
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

export async function loadKbData(db: Db, kbId: number): Promise<KbData> {
  const kb = await one<Row & { id: number }>(db, 'SELECT * FROM knowledge_bases WHERE id = $1', [kbId]);
  if (!kb) throw notFound('KnowledgeBase', kbId);
  const [
    locales,
    translations,
    categories,
    categoryTranslations,
    answers,
    answerTranslations,
    attachments,
    tags,
  ] = await Promise.all([
    db.query<LocaleRow>('SELECT * FROM knowledge_base_locales WHERE knowledge_base_id = $1 ORDER BY id', [
      kbId,
    ]),
    db.query<Row>('SELECT * FROM knowledge_base_translations WHERE knowledge_base_id = $1 ORDER BY id', [
      kbId,
    ]),
    db.query<CategoryRow>(
      'SELECT * FROM knowledge_base_categories WHERE knowledge_base_id = $1 ORDER BY position, id',
      [kbId],
    ),
    db.query<CategoryTranslationRow>(
      `SELECT ${CATEGORY_TRANSLATION_COLUMNS} FROM knowledge_base_category_translations
          WHERE category_id IN (SELECT id FROM knowledge_base_categories WHERE knowledge_base_id = $1) ORDER BY id`,
      [kbId],
    ),
    db.query<AnswerRow>(
      `SELECT ${ANSWER_COLUMNS} FROM knowledge_base_answers
          WHERE category_id IN (SELECT id FROM knowledge_base_categories WHERE knowledge_base_id = $1)
          ORDER BY position, id`,
      [kbId],
    ),
    db.query<AnswerTranslationRow>(
      `SELECT ${ANSWER_TRANSLATION_COLUMNS} FROM knowledge_base_answer_translations
          WHERE answer_id IN (SELECT a.id FROM knowledge_base_answers a
                               JOIN knowledge_base_categories c ON c.id = a.category_id
                              WHERE c.knowledge_base_id = $1) ORDER BY id`,
      [kbId],
    ),
    db.query<AttachmentRow>(
      `SELECT id, o_id, filename, size, preferences FROM attachments WHERE object = $1 ORDER BY lower(filename), id`,
      [ANSWER_OBJECT],
    ),
    db.query<{ o_id: number; name: string }>(
      `SELECT t.o_id, ti.name FROM tags t JOIN tag_items ti ON ti.id = t.tag_item_id WHERE t.object = $1 ORDER BY t.id`,
      [ANSWER_OBJECT],
    ),
  ]);
  const tagMap = new Map<number, string[]>();
  for (const t of tags) tagMap.set(t.o_id, [...(tagMap.get(t.o_id) ?? []), t.name]);
  return {
    kb,
    locales,
    translations,
    categories,
    categoryTranslations,
    answers,
    answerTranslations,
    attachments,
    tags: tagMap,
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

// ---------------------------------------------------------------- records

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

function put(assets: Assets, model: string, record: Row): void {
  const bucket = assets[model] ?? {};
  bucket[String(record.id)] = record;
  assets[model] = bucket;
}

function baseAssets(data: KbData, v: Visible, assets: Assets): void {
  put(assets, 'KnowledgeBase', kbRecord(data, v));
  for (const t of data.translations) put(assets, 'KnowledgeBaseTranslation', t);
  for (const l of data.locales) put(assets, 'KnowledgeBaseLocale', l);
}

function categoryWithParents(data: KbData, v: Visible, id: number, assets: Assets): void {
  let cur: CategoryRow | undefined = data.categories.find((c) => c.id === id);
  while (cur) {
    put(assets, 'KnowledgeBaseCategory', categoryRecord(data, v, cur));
    for (const t of data.categoryTranslations)
      if (t.category_id === cur.id) put(assets, 'KnowledgeBaseCategoryTranslation', t);
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
  for (const r of rows) put(assets, 'KnowledgeBaseAnswerTranslationContent', r);
}

/** `POST /knowledge_bases/init`: the assets of everything the caller may see. */
export async function initAssets(db: Db, data: KbData, v: Visible, contentIds: number[]): Promise<Assets> {
  const assets: Assets = {};
  baseAssets(data, v, assets);
  for (const c of data.categories) {
    if (!v.categories.has(c.id)) continue;
    put(assets, 'KnowledgeBaseCategory', categoryRecord(data, v, c));
  }
  for (const t of data.categoryTranslations)
    if (v.categories.has(t.category_id)) put(assets, 'KnowledgeBaseCategoryTranslation', t);
  for (const a of data.answers)
    if (v.answers.has(a.id)) put(assets, 'KnowledgeBaseAnswer', answerRecord(data, v, a));
  for (const t of data.answerTranslations)
    if (v.answers.has(t.answer_id)) put(assets, 'KnowledgeBaseAnswerTranslation', t);
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
  if (!a) throw notFound('KnowledgeBase::Answer', answerId);
  const assets: Assets = {};
  baseAssets(data, v, assets);
  categoryWithParents(data, v, a.category_id, assets);
  put(assets, 'KnowledgeBaseAnswer', answerRecord(data, v, a));
  for (const t of data.answerTranslations)
    if (t.answer_id === a.id) put(assets, 'KnowledgeBaseAnswerTranslation', t);
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
  if (!a) throw notFound('KnowledgeBase::Answer', id);
  if (!v.answers.has(id)) throw anonymous ? new ApiError(403, 'Authentication required') : notAuthorized();
  return a;
}

export function assertCategoryVisible(data: KbData, v: Visible, id: number, anonymous: boolean): CategoryRow {
  const c = data.categories.find((x) => x.id === id);
  if (!c) throw notFound('KnowledgeBase::Category', id);
  if (!v.categories.has(id)) throw anonymous ? new ApiError(403, 'Authentication required') : notAuthorized();
  return c;
}

// ---------------------------------------------------------------- text, slugs, urls

const MARK_START = '\uE000';
const MARK_END = '\uE001';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of sanitised HTML, for the search vector and snippets. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li|\/h[1-6]|\/tr|\/td|\/th|\/blockquote|\/pre)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[\uE000\uE001]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Escapes a ts_headline result (angle brackets back from their look-alikes) and turns its markers into `<em>` … `</em>`. */
function highlighted(s: string): string {
  return escapeHtml(s.replaceAll('‹', '<').replaceAll('›', '>'))
    .replaceAll(MARK_START, '<em>')
    .replaceAll(MARK_END, '</em>');
}

/** Rails' `parameterize`: ASCII, lowercase, words joined by `-`. */
export function slug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function param(id: number, title: string | undefined): string {
  const s = title ? slug(title) : '';
  return s ? `${id}-${s}` : String(id);
}

/** The translation in the locale, else the primary locale's, else any. */
function preferred<T extends { kb_locale_id: number }>(
  list: T[],
  data: KbData,
  kbLocaleId: number,
): T | undefined {
  const primary = data.locales.find((l) => l.primary)?.id;
  return (
    list.find((t) => t.kb_locale_id === kbLocaleId) ?? list.find((t) => t.kb_locale_id === primary) ?? list[0]
  );
}

/** Zammad's public help-center paths: `/help/<locale>/<category id-slug>/<answer id-slug>`. */
export function publicAnswerUrl(data: KbData, answerId: number, kbLocaleId: number): string {
  const a = data.answers.find((x) => x.id === answerId);
  const locale = data.locales.find((l) => l.id === kbLocaleId);
  if (!a || !locale) return '';
  const catTitle = preferred(
    data.categoryTranslations.filter((t) => t.category_id === a.category_id),
    data,
    kbLocaleId,
  )?.title;
  const ansTitle = preferred(
    data.answerTranslations.filter((t) => t.answer_id === a.id),
    data,
    kbLocaleId,
  )?.title;
  return `/help/${locale.locale}/${param(a.category_id, catTitle)}/${param(a.id, ansTitle)}`;
}

export function publicCategoryUrl(data: KbData, categoryId: number, kbLocaleId: number): string {
  const locale = data.locales.find((l) => l.id === kbLocaleId);
  if (!locale) return '';
  const title = preferred(
    data.categoryTranslations.filter((t) => t.category_id === categoryId),
    data,
    kbLocaleId,
  )?.title;
  return `/help/${locale.locale}/${param(categoryId, title)}`;
}

// ---------------------------------------------------------------- search

const ANSWER_TRANSLATION = 'KnowledgeBase::Answer::Translation';
const CATEGORY_TRANSLATION = 'KnowledgeBase::Category::Translation';

/** Each word of the query as a prefix match, all required; only letters and digits pass. */
export function tsQuery(query: string): string | undefined {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return undefined;
  return words
    .slice(0, 16)
    .map((w) => `'${w}':*`)
    .join(' & ');
}

function descendants(data: KbData, id: number): Set<number> {
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

export interface SearchInput {
  query: string;
  locale?: string | undefined;
  index?: string | undefined;
  scopeId?: number | undefined;
  limit: number;
  includeLocale: boolean;
  urlType: 'public' | 'agent';
}

const HEADLINE_BODY = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
const HEADLINE_TITLE = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;

/**
 * `POST /knowledge_bases/search`: PostgreSQL full text ('simple' configuration, GIN index) over
 * answer titles and bodies and category titles, in one locale or all; snippets mark the matched
 * words with `<em>`.
 */
export async function searchKb(
  db: Db,
  data: KbData,
  v: Visible,
  input: SearchInput,
): Promise<{ result: Row[]; details: Row[] }> {
  const q = tsQuery(input.query);
  if (!q) return { result: [], details: [] };
  const wanted = input.locale?.toLowerCase();
  const kbLocale = wanted ? data.locales.find((l) => l.locale === wanted) : undefined;
  const scope = input.scopeId !== undefined ? descendants(data, input.scopeId) : undefined;
  const answerIds = data.answers
    .filter((a) => v.answers.has(a.id) && (!scope || scope.has(a.category_id)))
    .map((a) => a.id);
  const categoryIds = data.categories
    .filter((c) => v.categories.has(c.id) && (!scope || scope.has(c.id)))
    .map((c) => c.id);
  const hits: { type: string; id: number; rank: number; row: Row }[] = [];
  if (!input.index || input.index === ANSWER_TRANSLATION) {
    const rows = await db.query<Row & { id: number; rank: number }>(
      `SELECT t.id, t.answer_id, t.kb_locale_id, t.content_id, t.title, t.updated_at,
              ts_rank(t.search_vector, q.query) AS rank,
              ts_headline('simple', translate(t.title, '<>', '‹›'), q.query, $4) AS title_hl,
              ts_headline('simple', translate(t.body_text, '<>', '‹›'), q.query, $5) AS body_hl
         FROM knowledge_base_answer_translations t
        CROSS JOIN (SELECT to_tsquery('simple', $1) AS query) q
        WHERE t.search_vector @@ q.query AND t.answer_id = ANY($2::int[])
          AND ($3::int IS NULL OR t.kb_locale_id = $3)
        ORDER BY rank DESC, t.updated_at DESC, t.id
        LIMIT $6`,
      [q, answerIds, kbLocale?.id ?? null, HEADLINE_TITLE, HEADLINE_BODY, input.limit],
    );
    for (const r of rows) hits.push({ type: ANSWER_TRANSLATION, id: r.id, rank: Number(r.rank), row: r });
  }
  if (!input.index || input.index === CATEGORY_TRANSLATION) {
    const rows = await db.query<Row & { id: number; rank: number }>(
      `SELECT t.id, t.category_id, t.kb_locale_id, t.title, t.updated_at,
              ts_rank(t.search_vector, q.query) AS rank,
              ts_headline('simple', translate(t.title, '<>', '‹›'), q.query, $4) AS title_hl
         FROM knowledge_base_category_translations t
        CROSS JOIN (SELECT to_tsquery('simple', $1) AS query) q
        WHERE t.search_vector @@ q.query AND t.category_id = ANY($2::int[])
          AND ($3::int IS NULL OR t.kb_locale_id = $3)
        ORDER BY rank DESC, t.updated_at DESC, t.id
        LIMIT $5`,
      [q, categoryIds, kbLocale?.id ?? null, HEADLINE_TITLE, input.limit],
    );
    for (const r of rows) hits.push({ type: CATEGORY_TRANSLATION, id: r.id, rank: Number(r.rank), row: r });
  }
  hits.sort((a, b) => b.rank - a.rank);
  const top = hits.slice(0, input.limit);
  const localeSuffix = (kbLocaleId: number) => {
    if (!input.includeLocale || data.locales.length < 2) return '';
    const l = data.locales.find((x) => x.id === kbLocaleId);
    return l ? ` (${l.name})` : '';
  };
  const details = top.map(({ type, id, row }) => {
    const kbLocaleId = row.kb_locale_id as number;
    if (type === ANSWER_TRANSLATION) {
      const answerId = row.answer_id as number;
      const a = data.answers.find((x) => x.id === answerId) as AnswerRow;
      const category = preferred(
        data.categoryTranslations.filter((t) => t.category_id === a.category_id),
        data,
        kbLocaleId,
      );
      return {
        id,
        type,
        icon: 'knowledge-base-answer',
        date: row.updated_at,
        url:
          input.urlType === 'agent'
            ? `/api/v1/knowledge_bases/${data.kb.id}/answers/${answerId}?include_contents=${String(row.content_id)}`
            : publicAnswerUrl(data, answerId, kbLocaleId),
        title: highlighted(String(row.title_hl)) + escapeHtml(localeSuffix(kbLocaleId)),
        subtitle: category ? category.title : '',
        body: highlighted(String(row.body_hl)),
        tags: data.tags.get(answerId) ?? [],
      };
    }
    const categoryId = row.category_id as number;
    const c = data.categories.find((x) => x.id === categoryId) as CategoryRow;
    const parent =
      c.parent_id === null
        ? undefined
        : preferred(
            data.categoryTranslations.filter((t) => t.category_id === c.parent_id),
            data,
            kbLocaleId,
          );
    return {
      id,
      type,
      fontName: data.kb.iconset,
      date: row.updated_at,
      url:
        input.urlType === 'agent'
          ? `/api/v1/knowledge_bases/${data.kb.id}/categories/${categoryId}`
          : publicCategoryUrl(data, categoryId, kbLocaleId),
      icon: c.category_icon,
      title: highlighted(String(row.title_hl)) + escapeHtml(localeSuffix(kbLocaleId)),
      subtitle: parent ? parent.title : null,
      tags: [],
    };
  });
  return { result: top.map(({ type, id }) => ({ type, id })), details };
}

// ---------------------------------------------------------------- writes

/** Rails nested attributes arrive as an array or as a `{"0": {...}}` hash. */
function nestedList(v: unknown): Row[] {
  if (v === undefined || v === null || v === '') return [];
  const list = Array.isArray(v) ? v : typeof v === 'object' ? Object.values(v as Row) : undefined;
  if (!list || list.some((x) => !x || typeof x !== 'object'))
    throw new ApiError(422, "Invalid value for param 'translations_attributes'");
  return list as Row[];
}

function kbLocaleOf(data: KbData, v: unknown): number {
  const id = Number(v);
  if (!data.locales.some((l) => l.id === id))
    throw new ApiError(422, `Invalid value for param 'kb_locale_id': ${JSON.stringify(v ?? null)}`);
  return id;
}

function titleOf(v: unknown): string {
  const title =
    typeof v === 'string'
      ? v
          .replace(/[\uE000\uE001]/g, '')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
  if (!title) throw new ApiError(422, "The required value 'title' is missing.");
  if (title.length > 250) throw new ApiError(422, 'Title is too long (maximum is 250 characters)');
  return title;
}

export function truthyParam(v: unknown): boolean {
  return (
    v === true || v === 1 || (typeof v === 'string' && ['true', '1', 't', 'on'].includes(v.toLowerCase()))
  );
}

async function nextPosition(db: Db, sql: string, params: unknown[]): Promise<number> {
  return ((await one<{ n: number }>(db, sql, params))?.n ?? -1) + 1;
}

function categoryOf(data: KbData, v: unknown, param: string): CategoryRow {
  const id = Number(v);
  const c = data.categories.find((x) => x.id === id);
  if (!c) throw new ApiError(422, `Invalid value for param '${param}': ${JSON.stringify(v ?? null)}`);
  return c;
}

/** `POST /knowledge_bases/:kb/categories`. */
export async function createCategory(db: Db, data: KbData, actorId: number, input: Row): Promise<number> {
  const parent =
    input.parent_id === undefined || input.parent_id === null || input.parent_id === ''
      ? null
      : categoryOf(data, input.parent_id, 'parent_id');
  const icon =
    typeof input.category_icon === 'string' && input.category_icon.trim()
      ? input.category_icon.trim()
      : 'f115';
  const translations = nestedList(input.translations_attributes);
  if (translations.length === 0) throw new ApiError(422, "The required value 'translations' is missing.");
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
  list: Row[],
) {
  for (const t of list) {
    if (t.id !== undefined && t.id !== null && t.id !== '') {
      const existing = data.categoryTranslations.find(
        (x) => x.id === Number(t.id) && x.category_id === categoryId,
      );
      if (!existing)
        throw new ApiError(
          422,
          `Invalid value for param 'translations_attributes.id': ${JSON.stringify(t.id)}`,
        );
      if (truthyParam(t._destroy)) {
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
    if (dup) throw new ApiError(422, 'Kb locale has already been taken');
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
  input: Row,
): Promise<void> {
  const c = data.categories.find((x) => x.id === id);
  if (!c) throw notFound('KnowledgeBase::Category', id);
  let parentId = c.parent_id;
  if (input.parent_id !== undefined) {
    parentId =
      input.parent_id === null || input.parent_id === ''
        ? null
        : categoryOf(data, input.parent_id, 'parent_id').id;
    if (parentId !== null && descendants(data, id).has(parentId))
      throw new ApiError(422, 'Parent cannot be a subcategory of the parent category');
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
  await saveCategoryTranslations(db, data, id, actorId, nestedList(input.translations_attributes));
}

/** Categories holding answers or subcategories cannot be deleted (Zammad restricts too). */
export async function deleteCategory(db: Db, data: KbData, id: number): Promise<void> {
  if (!data.categories.some((x) => x.id === id)) throw notFound('KnowledgeBase::Category', id);
  if (data.categories.some((x) => x.parent_id === id) || data.answers.some((a) => a.category_id === id))
    throw new ApiError(422, "Can't delete, object has references.");
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
    throw new ApiError(422, 'Provide position of all items in scope');
  for (const [i, id] of list.entries()) {
    // `table` is one of two literal names.
    await db.query(`UPDATE ${table} SET position = $1, updated_at = now() WHERE id = $2`, [i, id]);
  }
}

interface Pending {
  mime: string;
  data: Buffer;
  token: string;
}

/**
 * Sanitises an answer body; `data:` images become inline attachments of the answer, served by
 * `/api/v1/attachments/:id`.
 */
async function cleanBody(db: Db, answerId: number, actorId: number, body: string): Promise<string> {
  const pending: Pending[] = [];
  const nonce = randomBytes(6).toString('hex');
  let html = sanitizeHtml(body, {
    inlineImage: (mime, data) => {
      const token = `kb-inline-${nonce}-${pending.length}`;
      pending.push({ mime, data, token });
      return token;
    },
  });
  for (const [i, p] of pending.entries()) {
    const ext = p.mime.split('/')[1]?.replace('jpeg', 'jpg') ?? 'bin';
    const id = await addAttachment(db, answerId, actorId, {
      filename: `image${i + 1}.${ext}`,
      mime: p.mime,
      data: p.data,
      inline: true,
    });
    html = html.replaceAll(p.token, `/api/v1/attachments/${id}`);
  }
  return html;
}

async function saveAnswerTranslations(
  db: Db,
  data: KbData,
  answerId: number,
  actorId: number,
  list: Row[],
): Promise<number[]> {
  const contentIds: number[] = [];
  const existingOf = await db.query<AnswerTranslationRow>(
    `SELECT ${ANSWER_TRANSLATION_COLUMNS} FROM knowledge_base_answer_translations WHERE answer_id = $1`,
    [answerId],
  );
  for (const t of list) {
    const content =
      t.content_attributes && typeof t.content_attributes === 'object'
        ? (t.content_attributes as Row)
        : undefined;
    const body =
      content && content.body !== undefined && content.body !== null ? String(content.body) : undefined;
    if (t.id !== undefined && t.id !== null && t.id !== '') {
      const existing = existingOf.find((x) => x.id === Number(t.id));
      if (!existing)
        throw new ApiError(
          422,
          `Invalid value for param 'translations_attributes.id': ${JSON.stringify(t.id)}`,
        );
      if (truthyParam(t._destroy)) {
        await db.query('DELETE FROM knowledge_base_answer_translations WHERE id = $1', [existing.id]);
        await db.query('DELETE FROM knowledge_base_answer_translation_contents WHERE id = $1', [
          existing.content_id,
        ]);
        continue;
      }
      const title = t.title === undefined ? existing.title : titleOf(t.title);
      if (body !== undefined) {
        const html = await cleanBody(db, answerId, actorId, body);
        await db.query('UPDATE knowledge_base_answer_translation_contents SET body = $1 WHERE id = $2', [
          html,
          existing.content_id,
        ]);
        await db.query(
          'UPDATE knowledge_base_answer_translations SET title = $1, body_text = $2, updated_by_id = $3, updated_at = now() WHERE id = $4',
          [title, htmlToText(html), actorId, existing.id],
        );
        contentIds.push(existing.content_id);
      } else {
        await db.query(
          'UPDATE knowledge_base_answer_translations SET title = $1, updated_by_id = $2, updated_at = now() WHERE id = $3',
          [title, actorId, existing.id],
        );
      }
      continue;
    }
    const kbLocaleId = kbLocaleOf(data, t.kb_locale_id);
    if (existingOf.some((x) => x.kb_locale_id === kbLocaleId))
      throw new ApiError(422, 'Kb locale has already been taken');
    const title = titleOf(t.title);
    const html = await cleanBody(db, answerId, actorId, body ?? '');
    const contentRow = (await one<{ id: number }>(
      db,
      'INSERT INTO knowledge_base_answer_translation_contents (body) VALUES ($1) RETURNING id',
      [html],
    )) as { id: number };
    const created = (await one<AnswerTranslationRow>(
      db,
      `INSERT INTO knowledge_base_answer_translations (answer_id, kb_locale_id, content_id, title, body_text, created_by_id, updated_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${ANSWER_TRANSLATION_COLUMNS}`,
      [answerId, kbLocaleId, contentRow.id, title, htmlToText(html), actorId],
    )) as AnswerTranslationRow;
    existingOf.push(created);
    contentIds.push(contentRow.id);
  }
  return contentIds;
}

/** `POST /knowledge_bases/:kb/answers`: a draft unless `additional_action` says otherwise. */
export async function createAnswer(
  db: Db,
  data: KbData,
  actorId: number,
  input: Row,
): Promise<{ id: number; contentIds: number[] }> {
  const category = categoryOf(data, input.category_id, 'category_id');
  const translations = nestedList(input.translations_attributes);
  if (translations.length === 0) throw new ApiError(422, "The required value 'translations' is missing.");
  const position = await nextPosition(
    db,
    'SELECT max(position) AS n FROM knowledge_base_answers WHERE category_id = $1',
    [category.id],
  );
  const row = (await one<{ id: number }>(
    db,
    `INSERT INTO knowledge_base_answers (category_id, position, promoted, internal_note, created_by_id, updated_by_id)
     VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
    [
      category.id,
      position,
      truthyParam(input.promoted),
      typeof input.internal_note === 'string' ? sanitizeHtml(input.internal_note) : null,
      actorId,
    ],
  )) as { id: number };
  const contentIds = await saveAnswerTranslations(db, data, row.id, actorId, translations);
  if (input.additional_action) await changeAnswerState(db, row.id, actorId, String(input.additional_action));
  return { id: row.id, contentIds };
}

export async function updateAnswer(
  db: Db,
  data: KbData,
  actorId: number,
  id: number,
  input: Row,
): Promise<{ contentIds: number[] }> {
  const a = data.answers.find((x) => x.id === id);
  if (!a) throw notFound('KnowledgeBase::Answer', id);
  let categoryId = a.category_id;
  let position = a.position;
  if (input.category_id !== undefined && Number(input.category_id) !== a.category_id) {
    categoryId = categoryOf(data, input.category_id, 'category_id').id;
    position = await nextPosition(
      db,
      'SELECT max(position) AS n FROM knowledge_base_answers WHERE category_id = $1',
      [categoryId],
    );
  }
  await db.query(
    `UPDATE knowledge_base_answers SET category_id = $1, position = $2, promoted = $3, internal_note = $4,
            updated_by_id = $5, updated_at = now() WHERE id = $6`,
    [
      categoryId,
      position,
      input.promoted === undefined ? a.promoted : truthyParam(input.promoted),
      input.internal_note === undefined
        ? a.internal_note
        : typeof input.internal_note === 'string'
          ? sanitizeHtml(input.internal_note)
          : null,
      actorId,
      id,
    ],
  );
  const contentIds = await saveAnswerTranslations(
    db,
    data,
    id,
    actorId,
    nestedList(input.translations_attributes),
  );
  if (input.additional_action) await changeAnswerState(db, id, actorId, String(input.additional_action));
  return { contentIds };
}

export async function deleteAnswer(db: Db, id: number): Promise<void> {
  const contents = await db.query<{ content_id: number }>(
    'SELECT content_id FROM knowledge_base_answer_translations WHERE answer_id = $1',
    [id],
  );
  await db.query('DELETE FROM knowledge_base_answers WHERE id = $1', [id]);
  await db.query('DELETE FROM knowledge_base_answer_translation_contents WHERE id = ANY($1::int[])', [
    contents.map((c) => c.content_id),
  ]);
  await db.query('DELETE FROM attachments WHERE object = $1 AND o_id = $2', [ANSWER_OBJECT, id]);
  await db.query('DELETE FROM tags WHERE object = $1 AND o_id = $2', [ANSWER_OBJECT, id]);
}

const TRANSITIONS: Record<string, AnswerState[]> = {
  internal: ['draft', 'published'],
  publish: ['draft', 'internal'],
  archive: ['internal', 'published'],
  unarchive: ['archived'],
};

/**
 * The publishing state machine: internal (draft, published → internal), publish (draft,
 * internal → published), archive (internal, published → archived), unarchive (archived → draft).
 * Any other move is 422.
 */
export async function changeAnswerState(db: Db, id: number, actorId: number, action: string): Promise<void> {
  const a = await one<AnswerRow>(
    db,
    `SELECT ${ANSWER_COLUMNS} FROM knowledge_base_answers WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!a) throw notFound('KnowledgeBase::Answer', id);
  const from = TRANSITIONS[action];
  if (!from)
    throw new ApiError(422, `Invalid value for param 'additional_action': ${JSON.stringify(action)}`);
  const state = answerState(a);
  if (!from.includes(state)) throw new ApiError(422, `Event '${action}' cannot transition from '${state}'.`);
  const sql: Record<string, string> = {
    internal: 'internal_at = now(), internal_by_id = $1, published_at = NULL, published_by_id = NULL',
    publish: 'published_at = now(), published_by_id = $1',
    archive: 'archived_at = now(), archived_by_id = $1',
    unarchive:
      'archived_at = NULL, archived_by_id = NULL, internal_at = NULL, internal_by_id = NULL, published_at = NULL, published_by_id = NULL, updated_by_id = $1',
  };
  await db.query(`UPDATE knowledge_base_answers SET ${sql[action]}, updated_at = now() WHERE id = $2`, [
    actorId,
    id,
  ]);
}

/** Stores an answer attachment in the content-addressed file store. */
export async function addAttachment(
  db: Db,
  answerId: number,
  actorId: number,
  file: { filename: string; mime: string; data: Buffer; inline?: boolean },
): Promise<number> {
  const storeId = await storeFile(db, file.data);
  const preferences: Row = { 'Content-Type': file.mime, 'Mime-Type': file.mime };
  if (file.inline) preferences['Content-Disposition'] = 'inline';
  const row = (await one<{ id: number }>(
    db,
    `INSERT INTO attachments (object, o_id, filename, size, preferences, store_file_id, created_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [ANSWER_OBJECT, answerId, file.filename, file.data.length, JSON.stringify(preferences), storeId, actorId],
  )) as { id: number };
  await db.query('UPDATE knowledge_base_answers SET updated_at = now() WHERE id = $1', [answerId]);
  return row.id;
}

export async function removeAttachment(db: Db, answerId: number, attachmentId: number): Promise<void> {
  const gone = await db.query(
    'DELETE FROM attachments WHERE id = $1 AND object = $2 AND o_id = $3 RETURNING id',
    [attachmentId, ANSWER_OBJECT, answerId],
  );
  if (gone.length === 0) throw notFound('Store', attachmentId);
  await db.query('UPDATE knowledge_base_answers SET updated_at = now() WHERE id = $1', [answerId]);
}

/** Which KB an answer or category belongs to (for `/attachments/:id`). */
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
      values.push(truthyParam(input[k]));
      sets.push(`${k} = $${values.length}`);
    }
  values.push(id);
  await db.query(
    `UPDATE knowledge_bases SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $${values.length}`,
    values,
  );
}
