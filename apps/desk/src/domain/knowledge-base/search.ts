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

const ANSWER_TRANSLATION = 'KnowledgeBase::Answer::Translation' as const;
const CATEGORY_TRANSLATION = 'KnowledgeBase::Category::Translation' as const;

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

type Hit = { type: string; id: number; rank: number; row: Row };

/** The answers and categories a search may find: visible, and inside the scope category if one is given. */
function candidates(data: KbData, v: Visible, scopeId: number | undefined) {
  const scope = scopeId !== undefined ? descendants(data, scopeId) : undefined;
  return {
    answerIds: data.answers
      .filter((a) => v.answers.has(a.id) && (!scope || scope.has(a.category_id)))
      .map((a) => a.id),
    categoryIds: data.categories
      .filter((c) => v.categories.has(c.id) && (!scope || scope.has(c.id)))
      .map((c) => c.id),
  };
}

/** Matching translations of one kind, best first, with highlighted title (and body). */
async function hitsIn(
  db: Db,
  kind: typeof ANSWER_TRANSLATION | typeof CATEGORY_TRANSLATION,
  search: { tsquery: string; ids: number[]; kbLocaleId: number | null; limit: number },
): Promise<Hit[]> {
  const answers = kind === ANSWER_TRANSLATION;
  // Table and columns are one of two fixed sets, never input.
  const [table, owner, extra] = answers
    ? [
        'knowledge_base_answer_translations',
        'answer_id',
        `t.content_id, ts_headline('simple', translate(t.body_text, '<>', '‹›'), q.query, $6) AS body_hl,`,
      ]
    : ['knowledge_base_category_translations', 'category_id', ''];
  const rows = await db.query<Row & { id: number; rank: number }>(
    `SELECT t.id, t.${owner}, t.kb_locale_id, t.title, t.updated_at, ${extra}
            ts_rank(t.search_vector, q.query) AS rank,
            ts_headline('simple', translate(t.title, '<>', '‹›'), q.query, $5) AS title_hl
       FROM ${table} t
      CROSS JOIN (SELECT to_tsquery('simple', $1) AS query) q
      WHERE t.search_vector @@ q.query AND t.${owner} = ANY($2::int[])
        AND ($3::int IS NULL OR t.kb_locale_id = $3)
      ORDER BY rank DESC, t.updated_at DESC, t.id
      LIMIT $4`,
    [
      search.tsquery,
      search.ids,
      search.kbLocaleId,
      search.limit,
      HEADLINE_TITLE,
      ...(answers ? [HEADLINE_BODY] : []),
    ],
  );
  return rows.map((r) => ({ type: kind, id: r.id, rank: Number(r.rank), row: r }));
}

/** How a hit is shown: its title and snippet highlighted, where it lives, how to open it. */
function detail(data: KbData, input: SearchInput, { type, id, row }: Hit): Row {
  const kbLocaleId = row.kb_locale_id as number;
  const locale = data.locales.find((x) => x.id === kbLocaleId);
  const suffix = input.includeLocale && data.locales.length >= 2 && locale ? ` (${locale.name})` : '';
  const title = highlighted(String(row.title_hl)) + escapeHtml(suffix);
  const categoryTitle = (categoryId: number | null) =>
    categoryId === null
      ? undefined
      : preferred(
          data.categoryTranslations.filter((t) => t.category_id === categoryId),
          data,
          kbLocaleId,
        )?.title;
  const agentUrl = `/api/v1/knowledge_bases/${data.kb.id}`;
  if (type === ANSWER_TRANSLATION) {
    const answerId = row.answer_id as number;
    const a = data.answers.find((x) => x.id === answerId) as AnswerRow;
    return {
      id,
      type,
      icon: 'knowledge-base-answer',
      date: row.updated_at,
      url:
        input.urlType === 'agent'
          ? `${agentUrl}/answers/${answerId}?include_contents=${String(row.content_id)}`
          : publicAnswerUrl(data, answerId, kbLocaleId),
      title,
      subtitle: categoryTitle(a.category_id) ?? '',
      body: highlighted(String(row.body_hl)),
      tags: data.tags.get(answerId) ?? [],
    };
  }
  const categoryId = row.category_id as number;
  const c = data.categories.find((x) => x.id === categoryId) as CategoryRow;
  return {
    id,
    type,
    fontName: data.kb.iconset,
    date: row.updated_at,
    url:
      input.urlType === 'agent'
        ? `${agentUrl}/categories/${categoryId}`
        : publicCategoryUrl(data, categoryId, kbLocaleId),
    icon: c.category_icon,
    title,
    subtitle: categoryTitle(c.parent_id) ?? null,
    tags: [],
  };
}

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
  const tsquery = tsQuery(input.query);
  if (!tsquery) return { result: [], details: [] };
  const wanted = input.locale?.toLowerCase();
  const kbLocaleId = (wanted ? data.locales.find((l) => l.locale === wanted) : undefined)?.id ?? null;
  const { answerIds, categoryIds } = candidates(data, v, input.scopeId);
  const hits: Hit[] = [];
  const search = { tsquery, kbLocaleId, limit: input.limit };
  if (!input.index || input.index === ANSWER_TRANSLATION)
    hits.push(...(await hitsIn(db, ANSWER_TRANSLATION, { ...search, ids: answerIds })));
  if (!input.index || input.index === CATEGORY_TRANSLATION)
    hits.push(...(await hitsIn(db, CATEGORY_TRANSLATION, { ...search, ids: categoryIds })));
  hits.sort((a, b) => b.rank - a.rank);
  const top = hits.slice(0, input.limit);
  return {
    result: top.map(({ type, id }) => ({ type, id })),
    details: top.map((h) => detail(data, input, h)),
  };
}
