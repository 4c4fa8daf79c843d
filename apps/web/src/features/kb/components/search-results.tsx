import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber, useLanguage } from '@/lib/i18n';
import { useKbSearch } from '../api/search-kb';
import { answerPath } from '../paths';
import { Highlighted } from './highlighted';
import { OtherLanguage } from './other-language';
import '../kb.css';

/** The answers matching `q`, with their category and the matching passage highlighted. */
export function SearchResults({ q }: { q: string }) {
  const { t } = useTranslation();
  const { kbLocale, language } = useLanguage();
  const { items } = useKbSearch(kbLocale, q);
  if (items.length === 0) return <p>{t('kb.noResults', { q })}</p>;
  return (
    <>
      <p role="status">
        {t('kb.resultsCount', { count: items.length, formatted: formatNumber(items.length, language) })}
      </p>
      <ol className="kb-results">
        {items.map((r) => (
          <li key={r.answer_id} className="kb-result">
            <Link
              to={answerPath(r.locale, r.answer_id)}
              className="kb-result__title"
              lang={r.locale.slice(0, 2)}
            >
              <Highlighted html={r.title} />
            </Link>
            <OtherLanguage locale={r.locale} reader={kbLocale} />
            <span className="kb-result__category">{r.category_title}</span>
            <Highlighted as="p" html={r.snippet} />
          </li>
        ))}
      </ol>
    </>
  );
}
