import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLanguage } from '@/lib/i18n';
import { monthlyCsvHref, useReportScope } from '../api/reports';
import { paramsForView, type ReportFilters } from '../period';
import { ReportPanels } from './reports-dashboard';
import '../strings';
import '../reports.css';

/** YYYY-MM as the reader says it ("November 2026"). */
function monthName(month: string, language: 'en' | 'de') {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    month: 'long',
    year: 'numeric',
  }).format(new Date(y, m - 1, 1));
}

/**
 * The monthly report, laid out for printing: every panel for one month with its tables open,
 * no controls; the print stylesheet (reports.css) drops the app's banner and the buttons.
 */
export function MonthlyReport({ month, filters }: { month: string; filters: ReportFilters }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const scope = useReportScope();
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(y, m, 0).getDate();
  const range = { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
  const view = { period: 'custom' as const, range, previous: range, compare: false, filters };
  const back = paramsForView({ period: 'custom', range, filters });
  return (
    <div className="reports reports--print">
      <div className="page-header">
        <h1>{t('reports.monthlyTitle', { month: monthName(month, language) })}</h1>
        <p className="lead">
          {scope.scope === 'all' ? t('reports.scopeAll') : t('reports.scopeUnits')} ·{' '}
          {t('reports.range', { ...range })}
        </p>
      </div>
      <nav className="report-downloads no-print" aria-label={t('reports.downloads')}>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('reports.print')}
        </button>
        <a className="button button--secondary" href={monthlyCsvHref(range, filters)} download>
          {t('reports.monthlyCsv', { month })}
        </a>
        <Link to={`/reports?${back}`}>{t('reports.backToReports')}</Link>
      </nav>
      <ReportPanels view={view} inboxLinks={false} downloads={false} tablesOpen />
    </div>
  );
}
