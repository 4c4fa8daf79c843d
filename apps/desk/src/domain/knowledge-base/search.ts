import type { Db } from '../../db/client.ts';
import type { Row } from '../shapes.ts';
import { type AnswerRow, type CategoryRow, descendants, type KbData, type Visible } from './data.ts';
import {
  escapeHtml,
  highlighted,
  MARK_END,
  MARK_START,
  preferred,
  publicAnswerUrl,
  publicCategoryUrl,
} from './text.ts';

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
