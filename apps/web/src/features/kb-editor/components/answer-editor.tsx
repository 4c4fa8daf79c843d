import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { RichTextEditor } from '@/components/rich-text-editor';
import {
  type AnswerAction,
  type KbAnswer,
  type KbLocale,
  type KbTree,
  useAnswerAction,
  useCreateAnswer,
  usePatchAnswer,
} from '../api/kb-editor';
import { titleIn } from './titles';
import '../strings';
import '../kb-editor.css';
import '@/components/agent-controls.css';

type Draft = Record<string, { title: string; body: string; text: string }>;

type AnswerEditorProps = {
  tree: KbTree;
  answer: KbAnswer | null;
  /** For a new answer: its category. */
  categoryId: number | null;
  locale: KbLocale;
};

/** What each action may follow (the helpdesk's state machine; others are refused with 422). */
const ACTIONS: Record<KbAnswer['state'], AnswerAction[]> = {
  draft: ['publish', 'internal'],
  internal: ['publish', 'archive'],
  published: ['internal', 'archive'],
  archived: ['unarchive'],
};
const ACTION_LABEL: Record<AnswerAction, string> = {
  publish: 'kbEditor.publish',
  internal: 'kbEditor.makeInternal',
  archive: 'kbEditor.archive',
  unarchive: 'kbEditor.unarchive',
};

/** Title and rich-text body per language, category, and the publishing actions. */
export function AnswerEditor({ tree, answer, categoryId, locale }: AnswerEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const create = useCreateAnswer();
  const patch = usePatchAnswer();
  const act = useAnswerAction();
  const [category, setCategory] = useState<number | null>(answer?.category_id ?? categoryId);
  const [draft, setDraft] = useState<Draft>(() =>
    Object.fromEntries(
      tree.locales.map((l) => {
        const tr = answer?.translations.find((x) => x.locale === l);
        return [l, { title: tr?.title ?? '', body: tr?.body ?? '', text: tr?.body ? 'x' : '' }];
      }),
    ),
  );
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const pending = create.isPending || patch.isPending || act.isPending;

  const translations = () => {
    const out: { locale: KbLocale; title: string; body: string }[] = [];
    for (const l of tree.locales) {
      const d = draft[l];
      if (!d) continue;
      const title = d.title.trim();
      const hasBody = d.text.trim() !== '';
      if (!title && !hasBody) continue;
      if (!title) throw new Error(t('kbEditor.needTitleFor', { language: t(`kbEditor.locale.${l}`) }));
      out.push({ locale: l, title, body: hasBody ? d.body : '' });
    }
    if (out.length === 0) throw new Error(t('kbEditor.needOneTranslation'));
    return out;
  };

  /** Saves what is typed; a new answer is created as a draft and its page opened. */
  const save = async (): Promise<KbAnswer | null> => {
    setError('');
    setMessage('');
    let list: ReturnType<typeof translations>;
    try {
      list = translations();
    } catch (e) {
      setError((e as Error).message);
      return null;
    }
    if (category === null) {
      setError(t('kbEditor.category'));
      return null;
    }
    try {
      const saved = answer
        ? await patch.mutateAsync({ id: answer.id, category_id: category, translations: list })
        : await create.mutateAsync({ category_id: category, translations: list });
      return saved;
    } catch (e) {
      setError((e as Error).message);
      return null;
    }
  };

  const onSave = async () => {
    const saved = await save();
    if (!saved) return;
    setMessage(t('kbEditor.saved'));
    if (!answer) void navigate(`/agent/kb/answers/${saved.id}`, { replace: true });
  };

  const onAction = async (action: AnswerAction) => {
    const saved = action === 'unarchive' ? answer : await save();
    if (!saved) return;
    try {
      const after = await act.mutateAsync({ id: saved.id, action });
      setMessage(t('kbEditor.stateNow', { state: t(`kbEditor.state.${after.state}`) }));
      if (!answer) void navigate(`/agent/kb/answers/${after.id}`, { replace: true });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const state = answer?.state ?? 'draft';
  const categories = tree.categories.map((c) => ({
    id: c.id,
    name: titleIn(c.translations, locale, t('kbEditor.untitled')),
  }));

  return (
    <form
      className="kb-answer-editor"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSave();
      }}
    >
      <h1 id={`${id}-title`}>{answer ? t('kbEditor.editorTitle') : t('kbEditor.newTitle')}</h1>
      <p>
        <span className={`kb-state kb-state--${state}`}>
          {t('kbEditor.currentState', { state: t(`kbEditor.state.${state}`) })}
        </span>
        {answer?.state === 'published' &&
          answer.translations.map((tr) => (
            <a
              key={tr.locale}
              className="kb-answer-editor__preview"
              href={`/help/${tr.locale}/answers/${answer.id}`}
              target="_blank"
              rel="noreferrer"
            >
              {t('kbEditor.preview', { language: t(`kbEditor.locale.${tr.locale}`) })}
            </a>
          ))}
      </p>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <output aria-live="polite">{message}</output>
      <div className="field">
        <label htmlFor={`${id}-category`}>{t('kbEditor.category')}</label>
        <select
          id={`${id}-category`}
          value={category ?? ''}
          onChange={(e) => setCategory(e.target.value ? Number(e.target.value) : null)}
        >
          {category === null && <option value="">—</option>}
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      {tree.locales.map((l) => {
        const language = t(`kbEditor.locale.${l}`);
        const d = draft[l] ?? { title: '', body: '', text: '' };
        const set = (patchDraft: Partial<Draft[string]>) =>
          setDraft({ ...draft, [l]: { ...d, ...patchDraft } });
        return (
          <fieldset key={l} className="kb-answer-editor__translation" lang={l.slice(0, 2)}>
            <legend>{t('kbEditor.translation', { language })}</legend>
            {l !== tree.locales[0] && (
              <p className="field-hint">{t('kbEditor.optionalTranslation', { language })}</p>
            )}
            <div className="field">
              <label htmlFor={`${id}-${l}-title`}>{t('kbEditor.title')}</label>
              <input
                id={`${id}-${l}-title`}
                value={d.title}
                maxLength={250}
                onChange={(e) => set({ title: e.target.value })}
              />
            </div>
            <div className="field">
              <span className="field__label" aria-hidden="true">
                {t('kbEditor.body')}
              </span>
              <RichTextEditor
                id={`${id}-${l}-body`}
                label={t('kbEditor.bodyLabel', { language })}
                value={d.body}
                onChange={(html, text) => set({ body: html, text })}
                disabled={pending}
              />
            </div>
          </fieldset>
        );
      })}
      {answer && answer.attachments.length > 0 && (
        <section aria-label={t('kbEditor.attachments')}>
          <h2>{t('kbEditor.attachments')}</h2>
          <ul>
            {answer.attachments.map((a) => (
              <li key={a.id}>{a.filename}</li>
            ))}
          </ul>
        </section>
      )}
      <div className="form-actions">
        {state !== 'archived' && (
          <button type="submit" className="button button--primary" disabled={pending}>
            {pending ? t('kbEditor.saving') : answer ? t('kbEditor.saveChanges') : t('kbEditor.saveDraft')}
          </button>
        )}
        {ACTIONS[state].map((action) => (
          <button key={action} type="button" disabled={pending} onClick={() => void onAction(action)}>
            {t(ACTION_LABEL[action])}
          </button>
        ))}
      </div>
    </form>
  );
}
