import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber, useLanguage } from '@/lib/i18n';
import './ui-strings';
import './pager.css';

type PagerProps = {
  page: number;
  hasMore: boolean;
  /** Builds the link target for a page number. */
  hrefFor: (page: number) => string;
  label: string;
  /** When known, shown as "Page 2 of 40". */
  pageCount?: number | undefined;
};

/** Previous / next links for an offset-paginated list; hidden when there is one page. */
export function Pager({ page, hasMore, hrefFor, label, pageCount }: PagerProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  if (page <= 1 && !hasMore) return null;
  const n = (value: number) => formatNumber(value, language);
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? (
        <Link className="button button--secondary" to={hrefFor(page - 1)} rel="prev">
          {t('ui.newer')}
        </Link>
      ) : (
        <span />
      )}
      <span className="pager__page">
        {pageCount && pageCount >= page
          ? t('ui.pageOf', { page: n(page), count: n(pageCount) })
          : t('ui.page', { page: n(page) })}
      </span>
      {hasMore ? (
        <Link className="button button--secondary" to={hrefFor(page + 1)} rel="next">
          {t('ui.older')}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** Reads a 1-based page number from a search param, falling back to 1 for anything odd. */
export function parsePage(value: string | null): number {
  const page = Number(value);
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}
