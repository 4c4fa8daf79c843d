/** Text of answers: plain text for search, highlighted snippets, slugs and public URLs. */
import type { KbData } from './data.ts';

export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

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

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Escapes a ts_headline result (angle brackets back from their look-alikes) and turns its markers into `<em>` … `</em>`. */
export function highlighted(s: string): string {
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
export function preferred<T extends { kb_locale_id: number }>(
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
