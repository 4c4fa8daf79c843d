import type { Schemas, ZammadClient } from '@eosc/zammad-api';
import { KB_ID, type KbLocale, type PublicKb, parsePublicUrl, snippetHtml } from './kb.ts';

/* Searching the public knowledge base: the upstream's search, checked and ranked by the BFF. */

type SearchDetail = Schemas['KnowledgeBaseSearchReply']['details'][number];

async function searchUpstream(client: ZammadClient, locale: string, query: string, limit: number) {
  const found = await client.POST('/knowledge_bases/search', {
    body: {
      knowledge_base_id: KB_ID,
      query,
      locale,
      flavor: 'public',
      index: 'KnowledgeBase::Answer::Translation',
      limit,
    },
  });
  return found.details;
}

/** The (at most 6) longest distinct words of a text: what a title is most likely about. */
export function significantWords(text: string): string[] {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])];
  return words
    .filter((w) => !/^\d+$/.test(w))
    .sort((a, b) => b.length - a.length)
    .slice(0, 6);
}

/** Public answers matching `queries` in one locale, each once, ranked by how many queries found it. */
export async function searchPublic(
  client: ZammadClient,
  kb: PublicKb,
  locale: KbLocale,
  queries: string[],
  limit: number,
) {
  const found = await Promise.all(queries.map((query) => searchUpstream(client, locale, query, limit)));
  const byAnswer = new Map<number, { hits: number; first: number; d: SearchDetail }>();
  for (const [qi, details] of found.entries()) {
    for (const [rank, d] of details.entries()) {
      const where = parsePublicUrl(d.url ?? '');
      if (!where) continue;
      const seen = byAnswer.get(where.answer_id);
      if (seen) seen.hits += 1;
      else byAnswer.set(where.answer_id, { hits: 1, first: qi * 1000 + rank, d });
    }
  }
  const ranked = [...byAnswer.values()].sort((a, b) => b.hits - a.hits || a.first - b.first);
  const items = [];
  for (const { d } of ranked) {
    const where = parsePublicUrl(d.url ?? '');
    // The upstream was asked for public results; the BFF checks again before showing one.
    if (!where || !kb.answer(where.answer_id)) continue;
    items.push({
      answer_id: where.answer_id,
      category_id: where.category_id,
      title: snippetHtml(d.title ?? ''),
      snippet: snippetHtml(d.body ?? ''),
      category_title: kb.categoryTitle(where.category_id),
      locale,
    });
    if (items.length >= limit) break;
  }
  return items;
}
