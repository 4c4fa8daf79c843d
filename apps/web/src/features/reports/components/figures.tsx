import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber, useLanguage } from '@/lib/i18n';

/** A count, linked to the agent inbox when there is a matching list there (and they may open it). */
export function Count({ value, to }: { value: number; to?: string | undefined }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const text = formatNumber(value, language);
  // Nothing to open behind a zero.
  if (!to || value === 0) return <>{text}</>;
  return (
    <Link to={to} aria-label={t('reports.inboxLink', { value: text })}>
      {text}
    </Link>
  );
}

/** Business minutes as "2 h 5 min"; a dash when there is nothing to measure. */
export function useDuration() {
  const { t } = useTranslation();
  return (minutes: number | null | undefined) => {
    if (minutes === null || minutes === undefined) return t('reports.times.none');
    const m = Math.round(minutes);
    return m < 60
      ? t('reports.times.durationMin', { m })
      : t('reports.times.duration', { h: Math.floor(m / 60), m: m % 60 });
  };
}

/** Business minutes for a chart's axis: whole minutes under an hour, else hours ("5 h"). */
export function useShortDuration() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (minutes: number) =>
    minutes < 60
      ? t('reports.times.durationMin', { m: Math.round(minutes) })
      : t('reports.times.hours', { h: formatNumber(Math.round((minutes / 60) * 10) / 10, language) });
}

/** A headline figure, with the previous period's beside it when comparing. */
export function Stat({
  label,
  value,
  previous,
  change,
}: {
  label: string;
  value: ReactNode;
  /** The previous period's figure, formatted; shown only when comparing. */
  previous?: string | undefined;
  /** The change in per cent (positive: up). */
  change?: number | null | undefined;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <div className="report-stat">
      <dt>{label}</dt>
      <dd>
        <span className="report-stat__value">{value}</span>
        {previous !== undefined && (
          <span className="report-stat__previous">
            {t('reports.previous', { value: previous })}
            {change !== null && change !== undefined && Number.isFinite(change) && (
              <>
                {' '}
                (
                {t('reports.change', {
                  sign: change > 0 ? '+' : change < 0 ? '−' : '±',
                  value: formatNumber(Math.abs(Math.round(change)), language),
                })}
                )
              </>
            )}
          </span>
        )}
      </dd>
    </div>
  );
}

/** The change from `before` to `now` in per cent; null when there was nothing before. */
export function percentChange(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return ((now - before) / before) * 100;
}
