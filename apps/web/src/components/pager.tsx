import { Link } from 'react-router';

type PagerProps = {
  page: number;
  hasMore: boolean;
  /** Builds the link target for a page number. */
  hrefFor: (page: number) => string;
  label: string;
};

/** Previous / next links for an offset-paginated list; hidden when there is one page. */
export function Pager({ page, hasMore, hrefFor, label }: PagerProps) {
  if (page <= 1 && !hasMore) return null;
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? (
        <Link className="button button--secondary" to={hrefFor(page - 1)} rel="prev">
          Newer
        </Link>
      ) : (
        <span />
      )}
      <span className="pager__page">Page {page}</span>
      {hasMore ? (
        <Link className="button button--secondary" to={hrefFor(page + 1)} rel="next">
          Older
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
