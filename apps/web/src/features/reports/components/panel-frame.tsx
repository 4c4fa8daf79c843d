import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AsyncBoundary } from '@/components/async-boundary';

/**
 * A report panel: a visible title and the unit of its figures, a CSV download, the chart, and
 * its figures as a table behind "Show table" (always shown in print). The panel loads and fails
 * on its own: a failing panel shows its error and a retry, the others go on.
 */
export function PanelFrame({
  title,
  unit,
  csvHref,
  table,
  children,
  tableOpen = false,
  resetKey,
}: {
  title: string;
  unit: string;
  csvHref?: string | undefined;
  /** The figures as a table: the accessible view of the chart. */
  table?: ReactNode;
  children: ReactNode;
  tableOpen?: boolean;
  /** The view the figures are for: a failed panel tries again when it changes. */
  resetKey: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="report-panel card" aria-labelledby={`${id}-title`}>
      <header className="report-panel__head">
        <div>
          <h2 id={`${id}-title`}>{title}</h2>
          <p className="report-panel__unit">{unit}</p>
        </div>
        {csvHref && (
          <a className="button button--secondary button--small report-panel__csv" href={csvHref} download>
            {t('reports.csv')}
            <span className="visually-hidden">: {title}</span>
          </a>
        )}
      </header>
      <AsyncBoundary key={resetKey} loading={t('reports.loading')}>
        {children}
        {table && <TableToggle open={tableOpen}>{table}</TableToggle>}
      </AsyncBoundary>
    </section>
  );
}

function TableToggle({ open: initiallyOpen, children }: { open: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(initiallyOpen);
  const id = useId();
  return (
    <div className="report-panel__table">
      <button
        type="button"
        className="link-button report-panel__toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? t('reports.hideTable') : t('reports.showTable')}
      </button>
      <div id={id} className="report-table" hidden={!open}>
        {children}
      </div>
    </div>
  );
}

export interface Column<R> {
  key: string;
  label: string;
  /** The cell: text or a node (a link); numbers are right-aligned. */
  cell: (row: R) => ReactNode;
  numeric?: boolean;
}

/** A plain table of a panel's figures; the first column names the row. */
export function DataTable<R>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
}) {
  return (
    <div className="table-scroll">
      <table className="table report-data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c, i) =>
                i === 0 ? (
                  <th key={c.key} scope="row">
                    {c.cell(r)}
                  </th>
                ) : (
                  <td key={c.key} className={c.numeric ? 'num' : undefined}>
                    {c.cell(r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
