import { useTranslation } from 'react-i18next';
import { formatNumber, useLanguage } from '@/lib/i18n';
import { panelCsvHref, usePanel, usePanelCompared } from '../api/reports';
import { useInboxHref } from '../inbox-links';
import { isoDay, type Range } from '../period';
import { BarChart, LineChart } from './charts';
import { Count, percentChange, Stat } from './figures';
import { DataTable, PanelFrame } from './panel-frame';
import { type PanelProps, viewKey } from './panel-props';

/* The panels about ticket flow: created vs closed, and the backlog with its age. */

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The comparison figures of a Stat: the previous value and the change, when comparing. */
export function compared(
  now: number | null,
  before: number | null | undefined,
  format: (n: number) => string,
) {
  if (before === undefined) return {};
  return { previous: before === null ? '–' : format(before), change: percentChange(now, before) };
}

const perBucket = (view: PanelProps['view']) =>
  view.filters.interval === 'week' ? 'reports.perWeek' : 'reports.perDay';

/** The days of a bucket (a day, or a week from its Monday) inside the period. */
export function bucketRange(date: string, view: PanelProps['view']): Range {
  if (view.filters.interval !== 'week') return { from: date, to: date };
  const end = new Date(`${date}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 6);
  const last = end.toISOString().slice(0, 10);
  return {
    from: date < view.range.from ? view.range.from : date,
    to: last > view.range.to ? view.range.to : last,
  };
}

function VolumeFigures({ view, inboxLinks }: PanelProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const fmt = (n: number) => formatNumber(n, language);
  const href = useInboxHref(view.filters, inboxLinks);
  const { now, before } = usePanelCompared('volume', view);
  const total = (d: typeof now, k: 'created' | 'closed') => sum(d.buckets.map((b) => b[k]));
  const series = [
    { key: 'created', label: t('reports.volume.created') },
    { key: 'closed', label: t('reports.volume.closed') },
  ];
  return (
    <>
      <dl className="report-stats">
        {(['created', 'closed'] as const).map((k) => (
          <Stat
            key={k}
            label={t(`reports.volume.${k}`)}
            value={<Count value={total(now, k)} to={href({ [k]: view.range })} />}
            {...compared(total(now, k), before ? total(before, k) : undefined, fmt)}
          />
        ))}
      </dl>
      {now.buckets.length === 0 ? (
        <p>{t('reports.noData')}</p>
      ) : (
        <BarChart
          label={`${t('reports.volume.title')}: ${t(perBucket(view))}`}
          series={series}
          rows={now.buckets.map((b) => ({ label: b.date, values: [b.created, b.closed] }))}
          format={fmt}
        />
      )}
    </>
  );
}

function VolumeTable({ view, inboxLinks }: PanelProps) {
  const { t } = useTranslation();
  const href = useInboxHref(view.filters, inboxLinks);
  const data = usePanel('volume', view.range, view.filters);
  return (
    <DataTable
      caption={`${t('reports.volume.title')}: ${t(perBucket(view))}`}
      rows={data.buckets}
      rowKey={(b) => b.date}
      columns={[
        { key: 'date', label: t('reports.date'), cell: (b) => b.date },
        {
          key: 'created',
          label: t('reports.volume.created'),
          cell: (b) => <Count value={b.created} to={href({ created: bucketRange(b.date, view) })} />,
          numeric: true,
        },
        {
          key: 'closed',
          label: t('reports.volume.closed'),
          cell: (b) => <Count value={b.closed} to={href({ closed: bucketRange(b.date, view) })} />,
          numeric: true,
        },
      ]}
    />
  );
}

export function VolumePanel(props: PanelProps) {
  const { t } = useTranslation();
  const { view } = props;
  return (
    <PanelFrame
      resetKey={viewKey(view)}
      title={t('reports.volume.title')}
      unit={t(perBucket(view))}
      csvHref={props.downloads ? panelCsvHref('volume', view.range, view.filters) : undefined}
      tableOpen={props.tablesOpen ?? false}
      table={<VolumeTable {...props} />}
    >
      <VolumeFigures {...props} />
    </PanelFrame>
  );
}

const AGE = ['lt_1d', 'd1_7', 'd7_30', 'gt_30d'] as const;

function BacklogFigures({ view, inboxLinks }: PanelProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const fmt = (n: number) => formatNumber(n, language);
  const href = useInboxHref(view.filters, inboxLinks);
  const { now, before } = usePanelCompared('backlog', view);
  const last = now.buckets.at(-1)?.open ?? 0;
  // Open at the end of a period that ends today is open now: the inbox can list those.
  const endsToday = view.range.to >= isoDay(new Date());
  return (
    <>
      <dl className="report-stats">
        <Stat
          label={t('reports.backlog.openNow')}
          value={<Count value={last} to={endsToday ? href({ openNow: true }) : undefined} />}
          {...compared(last, before ? (before.buckets.at(-1)?.open ?? 0) : undefined, fmt)}
        />
      </dl>
      {now.buckets.length > 0 && (
        <LineChart
          label={t('reports.backlog.unit')}
          series={[{ key: 'open', label: t('reports.backlog.open') }]}
          rows={now.buckets.map((b) => ({ label: b.date, values: [b.open] }))}
          format={fmt}
        />
      )}
      <h3 className="report-panel__sub">{t('reports.backlog.ageTitle')}</h3>
      <BarChart
        label={t('reports.backlog.ageUnit')}
        series={[{ key: 'open', label: t('reports.backlog.open') }]}
        rows={AGE.map((a) => ({ label: t(`reports.backlog.age.${a}`), values: [now.age[a]] }))}
        format={fmt}
      />
    </>
  );
}

function BacklogTable({ view }: PanelProps) {
  const { t } = useTranslation();
  const data = usePanel('backlog', view.range, view.filters);
  return (
    <>
      <DataTable
        caption={t('reports.backlog.unit')}
        rows={data.buckets}
        rowKey={(b) => b.date}
        columns={[
          { key: 'date', label: t('reports.date'), cell: (b) => b.date },
          {
            key: 'open',
            label: t('reports.backlog.open'),
            cell: (b) => <Count value={b.open} />,
            numeric: true,
          },
        ]}
      />
      <DataTable
        caption={t('reports.backlog.ageUnit')}
        rows={[...AGE]}
        rowKey={(a) => a}
        columns={[
          { key: 'age', label: t('reports.backlog.bucket'), cell: (a) => t(`reports.backlog.age.${a}`) },
          {
            key: 'open',
            label: t('reports.backlog.open'),
            cell: (a) => <Count value={data.age[a]} />,
            numeric: true,
          },
        ]}
      />
    </>
  );
}

export function BacklogPanel(props: PanelProps) {
  const { t } = useTranslation();
  const { view } = props;
  return (
    <PanelFrame
      resetKey={viewKey(view)}
      title={t('reports.backlog.title')}
      unit={t('reports.backlog.unit')}
      csvHref={props.downloads ? panelCsvHref('backlog', view.range, view.filters) : undefined}
      tableOpen={props.tablesOpen ?? false}
      table={<BacklogTable {...props} />}
    >
      <BacklogFigures {...props} />
    </PanelFrame>
  );
}
