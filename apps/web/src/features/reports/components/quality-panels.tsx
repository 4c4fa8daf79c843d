import { useTranslation } from 'react-i18next';
import { formatNumber, useLanguage } from '@/lib/i18n';
import { panelCsvHref, usePanel, usePanelCompared } from '../api/reports';
import { useInboxHref } from '../inbox-links';
import { compared } from './activity-panels';
import { LineChart } from './charts';
import { Count, Stat, useDuration, useShortDuration } from './figures';
import { DataTable, PanelFrame } from './panel-frame';
import { type PanelProps, viewKey } from './panel-props';

/* The panels about the quality of answers: response and resolution times, and reopens. */

const TIMES = ['first_response', 'resolution'] as const;
const TIME_LABEL = {
  first_response: 'reports.times.firstResponse',
  resolution: 'reports.times.resolution',
} as const;

function TimesFigures({ view }: PanelProps) {
  const { t } = useTranslation();
  const duration = useDuration();
  const axis = useShortDuration();
  const { now, before } = usePanelCompared('times', view);
  return (
    <>
      <dl className="report-stats">
        {TIMES.flatMap((k) =>
          (['median', 'p90'] as const).map((m) => (
            <Stat
              key={`${k}-${m}`}
              label={`${t(TIME_LABEL[k])}: ${t(`reports.times.${m}`)}`}
              value={duration(now[k][m])}
              {...compared(now[k][m], before ? before[k][m] : undefined, (n) => duration(n))}
            />
          )),
        )}
      </dl>
      {now.trend.some((p) => p.first_response_median !== null || p.resolution_median !== null) && (
        <>
          <h3 className="report-panel__sub">{t('reports.times.trend')}</h3>
          <LineChart
            label={`${t('reports.times.trend')} (${t('reports.times.unit')})`}
            series={[
              { key: 'first', label: t('reports.times.trendFirst') },
              { key: 'resolution', label: t('reports.times.trendResolution') },
            ]}
            rows={now.trend.map((p) => ({
              label: p.date,
              values: [p.first_response_median, p.resolution_median],
            }))}
            format={axis}
          />
        </>
      )}
    </>
  );
}

function TimesTable({ view }: PanelProps) {
  const { t } = useTranslation();
  const duration = useDuration();
  const data = usePanel('times', view.range, view.filters);
  return (
    <>
      <DataTable
        caption={t('reports.times.title')}
        rows={[...TIMES]}
        rowKey={(k) => k}
        columns={[
          { key: 'what', label: t('reports.times.title'), cell: (k) => t(TIME_LABEL[k]) },
          {
            key: 'count',
            label: t('reports.times.count'),
            cell: (k) => <Count value={data[k].count} />,
            numeric: true,
          },
          {
            key: 'median',
            label: t('reports.times.median'),
            cell: (k) => duration(data[k].median),
            numeric: true,
          },
          { key: 'p90', label: t('reports.times.p90'), cell: (k) => duration(data[k].p90), numeric: true },
        ]}
      />
      <DataTable
        caption={t('reports.times.trend')}
        rows={data.trend}
        rowKey={(p) => p.date}
        columns={[
          { key: 'date', label: t('reports.date'), cell: (p) => p.date },
          {
            key: 'first',
            label: t('reports.times.trendFirst'),
            cell: (p) => duration(p.first_response_median),
            numeric: true,
          },
          {
            key: 'resolution',
            label: t('reports.times.trendResolution'),
            cell: (p) => duration(p.resolution_median),
            numeric: true,
          },
        ]}
      />
    </>
  );
}

export function TimesPanel(props: PanelProps) {
  const { t } = useTranslation();
  const { view } = props;
  return (
    <PanelFrame
      resetKey={viewKey(view)}
      title={t('reports.times.title')}
      unit={t('reports.times.unit')}
      csvHref={props.downloads ? panelCsvHref('times', view.range, view.filters) : undefined}
      tableOpen={props.tablesOpen ?? false}
      table={<TimesTable {...props} />}
    >
      <TimesFigures {...props} />
    </PanelFrame>
  );
}

function ReopenFigures({ view, inboxLinks }: PanelProps) {
  const { t } = useTranslation();
  const href = useInboxHref(view.filters, inboxLinks);
  const { language } = useLanguage();
  const fmt = (n: number) => formatNumber(n, language);
  const pct = (r: number) => `${formatNumber(Math.round(r * 1000) / 10, language)} %`;
  const { now, before } = usePanelCompared('reopen', view);
  return (
    <dl className="report-stats">
      <Stat
        label={t('reports.reopen.rate')}
        value={now.rate === null ? '–' : pct(now.rate)}
        {...compared(now.rate, before ? before.rate : undefined, pct)}
      />
      <Stat
        label={t('reports.reopen.closed')}
        value={<Count value={now.closed} to={href({ closed: view.range, notMerged: true })} />}
        {...compared(now.closed, before?.closed, fmt)}
      />
      <Stat
        label={t('reports.reopen.reopened')}
        value={fmt(now.reopened)}
        {...compared(now.reopened, before?.reopened, fmt)}
      />
    </dl>
  );
}

export function ReopenPanel(props: PanelProps) {
  const { t } = useTranslation();
  const { view } = props;
  return (
    <PanelFrame
      resetKey={viewKey(view)}
      title={t('reports.reopen.title')}
      unit={t('reports.reopen.unit')}
      csvHref={props.downloads ? panelCsvHref('reopen', view.range, view.filters) : undefined}
    >
      <ReopenFigures {...props} />
    </PanelFrame>
  );
}
