import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-router';
import '../kb.css';

/** A plain GET form, so a search is a shareable URL (`/help/search?q=…`). */
export function KbSearchForm({ defaultValue = '' }: { defaultValue?: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <Form method="get" action="/help/search" role="search" className="kb-search">
      <label htmlFor={id} className="kb-search__label">
        {t('kb.searchLabel')}
      </label>
      <div className="kb-search__row">
        <input
          id={id}
          name="q"
          type="search"
          required
          maxLength={200}
          defaultValue={defaultValue}
          placeholder={t('kb.searchPlaceholder')}
        />
        <button type="submit" className="button">
          {t('kb.searchButton')}
        </button>
      </div>
    </Form>
  );
}
