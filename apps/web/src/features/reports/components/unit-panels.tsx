import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatNumber, useLanguage } from '@/lib/i18n';
import { servicesQueryOptions } from '@/lib/services';
import { panelCsvHref, usePanelCompared } from '../api/reports';
import { useInboxHref } from '../inbox-links';
import { BarChart } from './charts';
import { Count } from './figures';
import { DataTable, PanelFrame } from './panel-frame';
import { type PanelProps, viewKey } from './panel-props';

/* The panels per support unit, priority, service and agent. */

type Tally = { met: number; breached: number; running: number };
const share = (x: Tally) => (x.met + x.breached > 0 ? x.met / (x.met + x.breached) : null);

function SlaFigures({ view, inboxLinks }: PanelProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const fmt = (n: number) => formatNumber(n, language);
  const href = useInboxHref(view.filters, inboxLinks);
  const { now: data, before } = usePanelCompared('sla', view);
  const series = (['met', 'breached', 'running'] as const).map((k) => ({
    key: k,
    label: t(`reports.sla.${k}`),
  }));
  const pct = (x: Tally) => {
    const s = share(x);
    return s === null ? '–' : `${formatNumber(Math.round(s * 1000) / 10, language)} %`;
  };
  const level = (l: string | null) =>
    l === 'base' || l === 'medium' || l === 'advanced'
      ? t(`reports.sla.levels.${l}`)
      : t('reports.sla.noLevel');
  const link = (firstResponse: keyof Tally, by: { group?: number; priority?: number }) =>
    href({ ...by, firstResponse, created: view.range, notMerged: true });
  // The previous period's compliance beside this one's, when comparing.
  const previousUnit = (u: { group_id: number }) => before?.units.find((x) => x.group_id === u.group_id);
  const previousPriority = (p: { priority_id: number }) =>
    before?.priorities.find((x) => x.priority_id === p.priority_id);
  const previousColumn = <R,>(find: (r: R) => Tally | undefined) =>
    before
      ? [
          {
            key: 'previous',
            label: t('reports.previousCompliance'),
            cell: (r: R) => {
              const x = find(r);
              return x ? pct(x) : '–';
            },
            numeric: true,
          },
        ]
      : [];
  if (data.units.length === 0 && data.priorities.length === 0) return <p>{t('reports.noData')}</p>;
  return (
    <>
      <h3 className="report-panel__sub">{t('reports.sla.perUnit')}</h3>
      <BarChart
        label={`${t('reports.sla.title')}: ${t('reports.sla.perUnit')}`}
        series={series}
        rows={data.units.map((u) => ({ label: u.name, values: [u.met, u.breached, u.running] }))}
        format={fmt}
      />
      <DataTable
        caption={t('reports.sla.perUnit')}
        rows={data.units}
        rowKey={(u) => String(u.group_id)}
        columns={[
          { key: 'name', label: t('reports.sla.name'), cell: (u) => u.name },
          { key: 'level', label: t('reports.sla.level'), cell: (u) => level(u.qos_level) },
          {
            key: 'met',
            label: t('reports.sla.met'),
            cell: (u) => <Count value={u.met} to={link('met', { group: u.group_id })} />,
            numeric: true,
          },
          {
            key: 'breached',
            label: t('reports.sla.breached'),
            cell: (u) => <Count value={u.breached} to={link('breached', { group: u.group_id })} />,
            numeric: true,
          },
          {
            key: 'running',
            label: t('reports.sla.running'),
            cell: (u) => <Count value={u.running} to={link('running', { group: u.group_id })} />,
            numeric: true,
          },
          { key: 'share', label: t('reports.sla.compliance'), cell: pct, numeric: true },
          ...previousColumn(previousUnit),
        ]}
      />
      <h3 className="report-panel__sub">{t('reports.sla.perPriority')}</h3>
      <DataTable
        caption={t('reports.sla.perPriority')}
        rows={data.priorities}
        rowKey={(p) => String(p.priority_id)}
        columns={[
          { key: 'name', label: t('reports.sla.priority'), cell: (p) => p.name },
          {
            key: 'met',
            label: t('reports.sla.met'),
            cell: (p) => <Count value={p.met} to={link('met', { priority: p.priority_id })} />,
            numeric: true,
          },
          {
            key: 'breached',
            label: t('reports.sla.breached'),
            cell: (p) => <Count value={p.breached} to={link('breached', { priority: p.priority_id })} />,
            numeric: true,
          },
          {
            key: 'running',
            label: t('reports.sla.running'),
            cell: (p) => <Count value={p.running} to={link('running', { priority: p.priority_id })} />,
            numeric: true,
          },
          { key: 'share', label: t('reports.sla.compliance'), cell: pct, numeric: true },
          ...previousColumn(previousPriority),
        ]}
      />
    </>
  );
}

/** SLA compliance: its tables are its main view (they carry the links), the chart a summary. */
export function SlaPanel(props: PanelProps) {
  const { t } = useTranslation();
  const { view } = props;
  return (
    <PanelFrame
      resetKey={viewKey(view)}
      title={t('reports.sla.title')}
      unit={t('reports.sla.unit')}
      csvHref={props.downloads ? panelCsvHref('sla', view.range, view.filters) : undefined}
    >
      <SlaFigures {...props} />
    </PanelFrame>
  );
}

function ServicesFigures({ view, inboxLinks }: PanelProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const fmt = (n: number) => formatNumber(n, language);
  const href = useInboxHref(view.filters, inboxLinks);
  const { now: data, before } = usePanelCompared('services', view);
  const catalogue = useQuery(servicesQueryOptions()).data;
  const name = (key: string) => catalogue?.find((s) => s.key === key)?.name ?? key;
  const top = data.services.slice(0, 10);
  if (top.length === 0) return <p>{t('reports.noData')}</p>;
  return (
    <>
      <BarChart
        label={t('reports.services.unit')}
        series={[{ key: 'created', label: t('reports.services.created') }]}
        rows={top.map((s) => ({ label: name(s.service), values: [s.created] }))}
        format={(n) => formatNumber(n, language)}
      />
      <DataTable
        caption={t('reports.services.unit')}
        rows={data.services}
        rowKey={(s) => s.service}
        columns={[
          { key: 'service', label: t('reports.services.service'), cell: (s) => name(s.service) },
          {
            key: 'created',
            label: t('reports.services.created'),
            cell: (s) => (
              <Count
                value={s.created}
                to={href({ service: s.service, created: view.range, notMerged: true })}
              />
            ),
            numeric: true,
          },
          ...(before
            ? [
                {
                  key: 'previous',
                  label: t('reports.previousPeriod'),
                  // The previous period's top ten may not hold this service: then it is not known.
                  cell: (s: { service: string }) => {
                    const x = before.services.find((b) => b.service === s.service);
                    return x ? fmt(x.created) : '–';
                  },
                  numeric: true,
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

export function ServicesPanel(props: PanelProps) {
  const { t } = useTranslation();
  const { view } = props;
  return (
    <PanelFrame
      resetKey={viewKey(view)}
      title={t('reports.services.title')}
      unit={t('reports.services.unit')}
      csvHref={props.downloads ? panelCsvHref('services', view.range, view.filters) : undefined}
    >
      <ServicesFigures {...props} />
    </PanelFrame>
  );
}

function WorkloadFigures({ view, inboxLinks }: PanelProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const fmt = (n: number) => formatNumber(n, language);
  const href = useInboxHref(view.filters, inboxLinks);
  const { now: data, before } = usePanelCompared('workload', view);
  const previous = (a: { user_id: number }) => before?.agents.find((b) => b.user_id === a.user_id);
  if (data.agents.length === 0) return <p>{t('reports.noData')}</p>;
  const keys = ['assigned', 'answered', 'closed'] as const;
  return (
    <>
      <BarChart
        label={t('reports.workload.unit')}
        series={keys.map((k) => ({ key: k, label: t(`reports.workload.${k}`) }))}
        rows={data.agents.map((a) => ({ label: a.name, values: [a.assigned, a.answered, a.closed] }))}
        format={(n) => formatNumber(n, language)}
      />
      <DataTable
        caption={t('reports.workload.unit')}
        rows={data.agents}
        rowKey={(a) => String(a.user_id)}
        columns={[
          { key: 'agent', label: t('reports.workload.agent'), cell: (a) => a.name },
          {
            key: 'assigned',
            label: t('reports.workload.assigned'),
            cell: (a) => (
              <Count
                value={a.assigned}
                to={href({ owner: a.user_id, created: view.range, notMerged: true })}
              />
            ),
            numeric: true,
          },
          {
            key: 'answered',
            label: t('reports.workload.answered'),
            cell: (a) => <Count value={a.answered} />,
            numeric: true,
          },
          {
            key: 'closed',
            label: t('reports.workload.closed'),
            cell: (a) => (
              <Count value={a.closed} to={href({ owner: a.user_id, closed: view.range, notMerged: true })} />
            ),
            numeric: true,
          },
          ...(before
            ? [
                {
                  key: 'previous',
                  label: t('reports.workload.previous'),
                  cell: (a: { user_id: number }) => {
                    const x = previous(a);
                    return x ? `${fmt(x.assigned)} / ${fmt(x.answered)} / ${fmt(x.closed)}` : '–';
                  },
                  numeric: true,
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

export function WorkloadPanel(props: PanelProps) {
  const { t } = useTranslation();
  const { view } = props;
  return (
    <PanelFrame
      resetKey={viewKey(view)}
      title={t('reports.workload.title')}
      unit={t('reports.workload.unit')}
      csvHref={props.downloads ? panelCsvHref('workload', view.range, view.filters) : undefined}
    >
      <WorkloadFigures {...props} />
    </PanelFrame>
  );
}
