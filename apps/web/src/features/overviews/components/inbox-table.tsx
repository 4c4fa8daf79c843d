import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DueBadge } from '@/components/due-badge';
import { Status } from '@/components/status';
import { useLanguage } from '@/lib/i18n';
import { type RowSource, useRows } from '../api/get-overview-page';
import type { InboxRow, Sort } from '../api/types';
import { COLUMNS, type ColumnId } from './columns';
import '../strings';
import '../overviews.css';

export const ROW_HEIGHT = 36;

type InboxTableProps = {
  source: RowSource;
  /** Absent: the list cannot be sorted (search results come by relevance and activity). */
  onSort?: (sort: Sort) => void;
  columns: ColumnId[];
  selected: ReadonlySet<number>;
  onSelect: (ids: number[], selected: boolean) => void;
  /** The row the keyboard cursor (j/k) is on. */
  active: number;
  onRows?: (rows: InboxRow[]) => void;
  ticketHref: (id: number) => string;
};

/**
 * One overview's tickets. Only the rows in view are in the DOM (virtualised), pages of rows
 * are fetched from the server as the agent scrolls near the end, and sorting is the server's.
 */
export function InboxTable({
  source,
  onSort,
  columns,
  selected,
  onSelect,
  active,
  onRows,
  ticketHref,
}: InboxTableProps) {
  const query = useRows(source);
  const { t } = useTranslation();
  const { language } = useLanguage();
  const sort = source.kind === 'overview' ? source.sort : null;
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total_count ?? 0;
  const scrollRef = useRef<HTMLElement>(null);
  const shown = COLUMNS.filter((c) => columns.includes(c.id));

  const virtualizer = useVirtualizer({
    count: query.hasNextPage ? rows.length + 1 : rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);

  useEffect(() => {
    onRows?.(rows);
  }, [rows, onRows]);

  useEffect(() => {
    if (last && last.index >= rows.length - 20 && query.hasNextPage && !query.isFetchingNextPage)
      void query.fetchNextPage();
  }, [last, rows.length, query]);

  useEffect(() => {
    if (active >= 0) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, virtualizer]);

  if (query.isPending) return <Status tone="loading">{t('inbox.loadingTickets')}</Status>;
  if (query.isError) throw query.error;
  if (rows.length === 0)
    return <Status>{source.kind === 'search' ? t('inbox.noMatches') : t('inbox.emptyOverview')}</Status>;

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (last?.end ?? 0);

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the scroll area must be reachable by keyboard
    <section ref={scrollRef} className="inbox-scroll" tabIndex={0} aria-label={t('inbox.tickets')}>
      <table className="table inbox-table" aria-rowcount={total + 1}>
        <caption className="visually-hidden">
          {t('inbox.ticketCount', { count: total })}; {t('bulk.selected', { count: selected.size })}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="inbox-table__check">
              <input
                type="checkbox"
                aria-label={t('inbox.selectAll')}
                checked={allSelected}
                onChange={(e) =>
                  onSelect(
                    rows.map((r) => r.id),
                    e.target.checked,
                  )
                }
              />
            </th>
            {shown.map((col) => {
              const dir = sort?.by === col.sortBy ? sort.order : undefined;
              return (
                <th
                  key={col.id}
                  scope="col"
                  aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
                >
                  {!onSort ? (
                    t(col.label)
                  ) : (
                    <button
                      type="button"
                      className="inbox-table__sort"
                      onClick={() =>
                        onSort(
                          dir === 'asc'
                            ? { by: col.sortBy, order: 'desc' }
                            : dir === 'desc'
                              ? null
                              : { by: col.sortBy, order: 'asc' },
                        )
                      }
                    >
                      {t(col.label)}
                      <span aria-hidden="true">{dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}</span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {before > 0 && (
            <tr style={{ height: before }}>
              <td colSpan={shown.length + 1} />
            </tr>
          )}
          {items.map((v) => {
            const row = rows[v.index];
            if (!row)
              return (
                <tr key="loader" style={{ height: ROW_HEIGHT }}>
                  <td colSpan={shown.length + 1}>{t('inbox.loadingMore')}</td>
                </tr>
              );
            const isSelected = selected.has(row.id);
            return (
              <tr
                key={row.id}
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                data-active={v.index === active || undefined}
                className={v.index === active ? 'inbox-table__row is-active' : 'inbox-table__row'}
                style={{ height: ROW_HEIGHT }}
              >
                <td className="inbox-table__check">
                  <input
                    type="checkbox"
                    aria-label={t('inbox.selectTicket', { number: row.number })}
                    checked={isSelected}
                    onChange={(e) => onSelect([row.id], e.target.checked)}
                  />
                </td>
                {shown.map((col) => (
                  <td key={col.id} className={col.id === 'number' ? 'ticket-number' : undefined}>
                    {col.id === 'title' ? (
                      <Link to={ticketHref(row.id)}>{row.title}</Link>
                    ) : col.id === 'due' ? (
                      <DueBadge ticket={row} />
                    ) : (
                      col.text(row, t, language)
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
          {after > 0 && (
            <tr style={{ height: after }}>
              <td colSpan={shown.length + 1} />
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
