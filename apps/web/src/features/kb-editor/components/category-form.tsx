import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KbLocale } from '../api/kb-editor';
import '../strings';
import '../kb-editor.css';
import '@/components/agent-controls.css';

type CategoryFormProps = {
  legend: string;
  locales: KbLocale[];
  initial?: { locale: KbLocale; title: string }[];
  submitLabel: string;
  pending: boolean;
  error?: string;
  onSubmit: (translations: { locale: KbLocale; title: string }[]) => void;
  onCancel?: () => void;
};

/** Titles of a category in each locale (at least one). */
export function CategoryForm({
  legend,
  locales,
  initial = [],
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: CategoryFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [titles, setTitles] = useState<Record<string, string>>(
    Object.fromEntries(initial.map((x) => [x.locale, x.title])),
  );
  const [local, setLocal] = useState('');
  const shown = local || error;
  return (
    <form
      className="kb-category-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const list = locales
          .map((locale) => ({ locale, title: (titles[locale] ?? '').trim() }))
          .filter((x) => x.title);
        if (list.length === 0) return setLocal(t('kbEditor.needTitle'));
        setLocal('');
        onSubmit(list);
      }}
    >
      <fieldset disabled={pending}>
        <legend>{legend}</legend>
        {locales.map((locale) => (
          <label key={locale}>
            {t('kbEditor.titleIn', { locale: t(`kbEditor.locale.${locale}`) })}{' '}
            <input
              value={titles[locale] ?? ''}
              maxLength={250}
              onChange={(e) => setTitles({ ...titles, [locale]: e.target.value })}
              aria-invalid={shown ? true : undefined}
              aria-describedby={shown ? `${id}-error` : undefined}
            />
          </label>
        ))}
        {shown && (
          <p id={`${id}-error`} className="form-error" role="alert">
            {shown}
          </p>
        )}
        <button type="submit">{submitLabel}</button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('kbEditor.cancel')}
          </button>
        )}
      </fieldset>
    </form>
  );
}
