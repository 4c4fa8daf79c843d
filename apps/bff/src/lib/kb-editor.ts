import type { Schemas, ZammadClient } from '@eosc/zammad-api';
import { BffError } from './errors.ts';
import { KB_LOCALES, type KbLocale, recordsOf } from './kb.ts';

/*
 * The knowledge base as its editors see it: every category and answer, in every state, with
 * locale ids both ways. The routes (routes/kb-editor.ts) check that the person is an editor.
 */

export type AnswerState = 'draft' | 'internal' | 'published' | 'archived';

const past = (v: string | null | undefined, now: number) => !!v && new Date(v).getTime() <= now;

/** An answer's state follows its timestamps: archived, else published, else internal, else draft. */
export function stateOf(a: Schemas['KnowledgeBaseAnswer'], now = Date.now()): AnswerState {
  if (past(a.archived_at, now)) return 'archived';
  if (past(a.published_at, now)) return 'published';
  if (past(a.internal_at, now)) return 'internal';
  return 'draft';
}

/** The editor's view of one knowledge base, with locale ids both ways. */
export class EditorKb {
  readonly kbId: number;
  readonly localeOf = new Map<number, KbLocale>();
  readonly idOf = new Map<string, number>();

  constructor(readonly assets: Schemas['Assets']) {
    const kb = recordsOf(assets, 'KnowledgeBase')[0];
    if (!kb) throw new BffError(404, 'not_found', 'There is no knowledge base.');
    this.kbId = kb.id;
    for (const l of recordsOf(assets, 'KnowledgeBaseLocale')) {
      this.idOf.set(l.locale, l.id);
      if ((KB_LOCALES as readonly string[]).includes(l.locale)) this.localeOf.set(l.id, l.locale as KbLocale);
    }
  }

  localeId(locale: string): number {
    const id = this.idOf.get(locale);
    if (id === undefined) throw new BffError(422, 'invalid', `The knowledge base has no locale ${locale}.`);
    return id;
  }

  titles<T extends { kb_locale_id: number; title: string }>(list: T[]) {
    return list.flatMap((t) => {
      const locale = this.localeOf.get(t.kb_locale_id);
      return locale ? [{ locale, title: t.title }] : [];
    });
  }

  tree() {
    const a = this.assets;
    const catT = recordsOf(a, 'KnowledgeBaseCategoryTranslation');
    const ansT = recordsOf(a, 'KnowledgeBaseAnswerTranslation');
    return {
      kb_id: this.kbId,
      locales: [...new Set(this.localeOf.values())],
      categories: recordsOf(a, 'KnowledgeBaseCategory')
        .map((c) => ({
          id: c.id,
          parent_id: c.parent_id ?? null,
          position: c.position ?? 0,
          translations: this.titles(catT.filter((t) => t.category_id === c.id)),
        }))
        .sort((x, y) => x.position - y.position || x.id - y.id),
      answers: recordsOf(a, 'KnowledgeBaseAnswer')
        .map((x) => ({
          id: x.id,
          category_id: x.category_id,
          position: x.position ?? 0,
          state: stateOf(x),
          translations: this.titles(ansT.filter((t) => t.answer_id === x.id)),
          updated_at: x.updated_at ?? null,
        }))
        .sort((x, y) => x.position - y.position || x.id - y.id),
    };
  }

  /** The existing translations of a category or an answer, to update them rather than add. */
  translationsOf(kind: 'category' | 'answer', id: number): { id: number; kb_locale_id: number }[] {
    return kind === 'category'
      ? recordsOf(this.assets, 'KnowledgeBaseCategoryTranslation').filter((t) => t.category_id === id)
      : recordsOf(this.assets, 'KnowledgeBaseAnswerTranslation').filter((t) => t.answer_id === id);
  }
}

export async function loadEditorKb(upstream: ZammadClient): Promise<EditorKb> {
  return new EditorKb(await upstream.POST('/knowledge_bases/init', {}));
}

/** One answer with its bodies in every locale (a second call brings the contents). */
export async function loadAnswer(upstream: ZammadClient, kbId: number, id: number) {
  const get = async (contents?: number[]) =>
    (
      await upstream.GET('/knowledge_bases/{kb}/answers/{id}', {
        params: {
          path: { kb: kbId, id },
          ...(contents ? { query: { include_contents: contents.join(',') } } : {}),
        },
      })
    ).assets;
  const first = await get();
  const contentIds = recordsOf(first, 'KnowledgeBaseAnswerTranslation')
    .filter((t) => t.answer_id === id)
    .flatMap((t) => (typeof t.content_id === 'number' ? [t.content_id] : []));
  const assets = contentIds.length ? await get(contentIds) : first;
  const kb = new EditorKb(assets);
  const answer = assets.KnowledgeBaseAnswer?.[String(id)];
  if (!answer) throw new BffError(404, 'not_found', 'No such answer.');
  return {
    id,
    category_id: answer.category_id,
    state: stateOf(answer),
    translations: recordsOf(assets, 'KnowledgeBaseAnswerTranslation')
      .filter((t) => t.answer_id === id)
      .flatMap((t) => {
        const locale = kb.localeOf.get(t.kb_locale_id);
        if (!locale) return [];
        const body = t.content_id
          ? (assets.KnowledgeBaseAnswerTranslationContent?.[String(t.content_id)]?.body ?? '')
          : '';
        return [{ locale, title: t.title, body }];
      }),
    attachments: (answer.attachments ?? []).map((x) => ({ id: x.id, filename: x.filename })),
    updated_at: answer.updated_at ?? null,
  };
}

/** Zammad's nested translations: existing ones by id (so they are updated), new ones by locale. */
export function translationsAttributes<T extends { locale: string; title: string; body?: string }>(
  kb: EditorKb,
  existing: { id: number; kb_locale_id: number }[],
  input: T[],
) {
  return input.map((t) => {
    const kbLocaleId = kb.localeId(t.locale);
    const have = existing.find((e) => e.kb_locale_id === kbLocaleId);
    return {
      ...(have ? { id: have.id } : { kb_locale_id: kbLocaleId }),
      title: t.title,
      ...(t.body !== undefined ? { content_attributes: { body: t.body } } : {}),
    };
  });
}
