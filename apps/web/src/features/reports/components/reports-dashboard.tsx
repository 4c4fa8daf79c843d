import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { monthlyCsvHref, useReportScope } from '../api/reports';
import { monthOfRange, paramsForView, type ReportView } from '../period';
import { BacklogPanel, VolumePanel } from './activity-panels';
import type { PanelProps } from './panel-props';
import { ReopenPanel, TimesPanel } from './quality-panels';
import { ReportControls, type ViewChange } from './report-controls';
import { ServicesPanel, SlaPanel, WorkloadPanel } from './unit-panels';
import '../strings';
import '../reports.css';

/** Every panel, in the order managers read them. */
export function ReportPanels(props: PanelProps) {
  return (
    <div className="report-grid">
      <VolumePanel {...props} />
      <BacklogPanel {...props} />
      <TimesPanel {...props} />
      <SlaPanel {...props} />
      <ReopenPanel {...props} />
      <ServicesPanel {...props} />
      <WorkloadPanel {...props} />
    </div>
  );
}

/** The reporting dashboard: period, comparison and filters (all in the URL), downloads, panels. */
export function ReportsDashboard({
  view,
  inboxLinks,
  onChange,
}: {
  view: ReportView;
  inboxLinks: boolean;
  /** Applies a change to the view in the URL as it is when the change lands. */
  onChange: (change: ViewChange) => void;
}) {
  const { t } = useTranslation();
  const scope = useReportScope();
  const month = monthOfRange(view.range);
  const printParams = paramsForView({ period: 'custom', filters: view.filters });
  printParams.delete('period');
  printParams.set('month', month);
  return (
    <div className="reports">
      <div className="page-header">
        <h1>{t('reports.title')}</h1>
        <p className="lead">
          {scope.scope === 'all' ? t('reports.scopeAll') : t('reports.scopeUnits')} ·{' '}
          {t('reports.range', { ...view.range })}
          {view.compare && <> · {t('reports.comparing', { ...view.previous })}</>}
        </p>
      </div>
      <ReportControls view={view} scope={scope} onChange={onChange} />
      <nav className="report-downloads" aria-label={t('reports.downloads')}>
        <a className="button button--secondary" href={monthlyCsvHref(view.range, view.filters)} download>
          {t('reports.monthlyCsv', { month })}
        </a>
        <Link className="button button--secondary" to={`/reports/monthly?${printParams}`}>
          {t('reports.printable')}
        </Link>
      </nav>
      <ReportPanels view={view} inboxLinks={inboxLinks} downloads />
    </div>
  );
}
