import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber, type KbLocale, useLanguage } from '@/lib/i18n';
import type { KbCategorySummary } from '../api/types';
import { useKbPaths } from '../paths';
import '../kb.css';

/** Categories as cards: title and how many answers each holds. */
export function CategoryCards({ items, locale }: { items: KbCategorySummary[]; locale: KbLocale }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const paths = useKbPaths();
  return (
    <ul className="kb-categories">
      {items.map((c) => (
        <li key={c.id} className="kb-category">
          <Link to={paths.category(locale, c.id)} className="kb-category__title">
            {c.title}
          </Link>
          <span className="kb-category__count">
            {t('kb.answerCount', {
              count: c.answer_count,
              formatted: formatNumber(c.answer_count, language),
            })}
          </span>
        </li>
      ))}
    </ul>
  );
}
