import type { Schemas } from '@eosc/zammad-api';

/*
 * The knowledge base as the portal shows it: published answers only, whoever asks. The BFF
 * reads the upstream with its service token (which may see drafts and internal answers), so
 * this module is the one place that decides what is public.
 */

export const KB_LOCALES = ['en-us', 'de-de'] as const;
/** The one knowledge base every installation has. */
export const KB_ID = 1;
export type KbLocale = (typeof KB_LOCALES)[number];

type Assets = Schemas['Assets'];
type Answer = Schemas['KnowledgeBaseAnswer'];
type Category = Schemas['KnowledgeBaseCategory'];

/** The knowledge-base models of an assets reply. */
export type KbModel =
  | 'KnowledgeBase'
  | 'KnowledgeBaseTranslation'
  | 'KnowledgeBaseLocale'
  | 'KnowledgeBaseCategory'
  | 'KnowledgeBaseCategoryTranslation'
  | 'KnowledgeBaseAnswer'
  | 'KnowledgeBaseAnswerTranslation'
  | 'KnowledgeBaseAnswerTranslationContent';

/** The records of one model in an assets reply (none when the model is absent). */
export function recordsOf<M extends KbModel>(assets: Assets, model: M): Schemas[M][] {
  return Object.values(assets[model] ?? {}) as Schemas[M][];
}

const past = (v: string | null | undefined, now: number) => !!v && new Date(v).getTime() <= now;

/** Published (and not archived) at `now`: the only answers the portal ever shows. */
export function isPublished(a: Pick<Answer, 'published_at' | 'archived_at'>, now = Date.now()): boolean {
  return past(a.published_at, now) && !past(a.archived_at, now);
}

const byPosition = (
  a: { position?: number | null; id: number },
  b: { position?: number | null; id: number },
) => (a.position ?? 0) - (b.position ?? 0) || a.id - b.id;

/** A read-only view of the public part of the knowledge base in one locale (with fallback). */
export class PublicKb {
  readonly answers: Answer[];
  readonly categories: Category[];
  private readonly localeId: number | undefined;
  private readonly primaryId: number | undefined;

  constructor(
    readonly assets: Assets,
    readonly locale: KbLocale,
    now = Date.now(),
  ) {
    const locales = recordsOf(assets, 'KnowledgeBaseLocale');
    this.localeId = locales.find((l) => l.locale === locale)?.id;
    this.primaryId = (locales.find((l) => l.primary) ?? locales[0])?.id;
    this.answers = recordsOf(assets, 'KnowledgeBaseAnswer')
      .filter((a) => isPublished(a, now))
      .sort(byPosition);
    // A category is shown when it holds a published answer somewhere below it.
    const all = recordsOf(assets, 'KnowledgeBaseCategory');
    const shown = new Set<number>();
    for (const a of this.answers) {
      let cur: number | null | undefined = a.category_id;
      while (cur !== null && cur !== undefined && !shown.has(cur)) {
        shown.add(cur);
        cur = all.find((c) => c.id === cur)?.parent_id;
      }
    }
    this.categories = all.filter((c) => shown.has(c.id)).sort(byPosition);
  }

  private pick<T extends { kb_locale_id: number }>(list: T[]): T | undefined {
    return (
      list.find((t) => t.kb_locale_id === this.localeId) ??
      list.find((t) => t.kb_locale_id === this.primaryId) ??
      list[0]
    );
  }

  title(): string {
    return this.pick(recordsOf(this.assets, 'KnowledgeBaseTranslation'))?.title ?? 'Help Center';
  }

  locales() {
    return recordsOf(this.assets, 'KnowledgeBaseLocale')
      .filter((l) => (KB_LOCALES as readonly string[]).includes(l.locale))
      .map((l) => ({ locale: l.locale, name: l.name }));
  }

  category(id: number): Category | undefined {
    return this.categories.find((c) => c.id === id);
  }

  answer(id: number): Answer | undefined {
    return this.answers.find((a) => a.id === id);
  }

  categoryTitle(id: number): string {
    const list = recordsOf(this.assets, 'KnowledgeBaseCategoryTranslation').filter(
      (t) => t.category_id === id,
    );
    return this.pick(list)?.title ?? '';
  }

  /** The KB locale (e.g. 'de-de') of a translation's `kb_locale_id`. */
  localeOf(kbLocaleId: number): KbLocale | undefined {
    const l = recordsOf(this.assets, 'KnowledgeBaseLocale').find((x) => x.id === kbLocaleId)?.locale;
    return l && (KB_LOCALES as readonly string[]).includes(l) ? (l as KbLocale) : undefined;
  }

  /** The locales an answer is written in. */
  answerLocales(id: number): KbLocale[] {
    return recordsOf(this.assets, 'KnowledgeBaseAnswerTranslation')
      .filter((t) => t.answer_id === id)
      .map((t) => this.localeOf(t.kb_locale_id))
      .filter((l): l is KbLocale => !!l);
  }

  answerTranslation(id: number) {
    const list = recordsOf(this.assets, 'KnowledgeBaseAnswerTranslation').filter((t) => t.answer_id === id);
    return this.pick(list);
  }

  /** Published answers in this category and all below it. */
  answerCount(categoryId: number): number {
    const below = new Set([categoryId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of this.categories)
        if (c.parent_id != null && below.has(c.parent_id) && !below.has(c.id)) {
          below.add(c.id);
          grew = true;
        }
    }
    return this.answers.filter((a) => below.has(a.category_id)).length;
  }

  categorySummary(c: Category) {
    return {
      id: c.id,
      parent_id: c.parent_id ?? null,
      title: this.categoryTitle(c.id),
      icon: c.category_icon ?? null,
      answer_count: this.answerCount(c.id),
    };
  }

  answerSummary(a: Answer) {
    const t = this.answerTranslation(a.id);
    return {
      id: a.id,
      category_id: a.category_id,
      title: t?.title ?? '',
      /** The language of the title shown (another one when the reader's is missing). */
      locale: (t && this.localeOf(t.kb_locale_id)) ?? this.locale,
      updated_at: t?.updated_at ?? a.updated_at ?? '',
    };
  }

  /** From the root down to `categoryId`. */
  path(categoryId: number): { id: number; title: string }[] {
    const out: { id: number; title: string }[] = [];
    let cur: number | null | undefined = categoryId;
    while (cur !== null && cur !== undefined && out.length < 20) {
      const c = this.category(cur);
      if (!c) break;
      out.unshift({ id: c.id, title: this.categoryTitle(c.id) });
      cur = c.parent_id;
    }
    return out;
  }
}

const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A search snippet as safe HTML whose only element is `<em>`: every other tag is dropped and
 * any remaining angle bracket or quote is escaped. Entities the upstream escaped stay escaped.
 */
export function snippetHtml(raw: string): string {
  const parts = raw.split(/(<\/?em>)/i);
  let open = false;
  const out = parts.map((p) => {
    if (/^<em>$/i.test(p)) {
      if (open) return '';
      open = true;
      return '<em>';
    }
    if (/^<\/em>$/i.test(p)) {
      if (!open) return '';
      open = false;
      return '</em>';
    }
    return p
      .replace(/<\/?[a-z!][^>]*>/gi, '')
      .replace(/&(?!(?:[a-z]+|#\d+|#x[0-9a-f]+);)/gi, '&amp;')
      .replace(/[<>"']/g, (ch) => ESCAPES[ch] ?? ch);
  });
  return open ? `${out.join('')}</em>` : out.join('');
}

/**
 * Defence in depth for an answer body the upstream already sanitised on write (the SPA runs
 * DOMPurify on it too): drops active content, event handlers, script URLs and remote images.
 */
export function answerHtml(raw: string): string {
  return raw
    .replace(/<(script|style|iframe|object|embed|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\/?(script|style|iframe|object|embed|link|meta|base|form|template|noscript)\b[^>]*>/gi, '')
    .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(
      /\s(href|src|xlink:href|action|formaction)\s*=\s*("\s*(?:javascript|vbscript|data):[^"]*"|'\s*(?:javascript|vbscript|data):[^']*'|(?:javascript|vbscript|data):[^\s>]+)/gi,
      '',
    )
    .replace(/<img\b[^>]*\ssrc\s*=\s*["']?\s*(?:https?:)?\/\/[^>]*>/gi, '');
}

/** `/help/en-us/2-category-slug/6-answer-slug` → {category_id: 2, answer_id: 6}. */
export function parsePublicUrl(url: string): { category_id: number; answer_id: number } | undefined {
  const m = /\/help\/[a-z-]+\/(\d+)-[^/]*\/(\d+)(?:-|$)/.exec(url);
  return m ? { category_id: Number(m[1]), answer_id: Number(m[2]) } : undefined;
}
