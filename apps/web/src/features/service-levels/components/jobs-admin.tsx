import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Status } from '@/components/status';
import { formatDate, useLanguage } from '@/lib/i18n';
import { useJobs, useRunJob } from '../api/jobs';
import { AdminFrame } from './admin-frame';

/** The worker's jobs: kind, last and next run, failures and the last error; run one now. */
export function JobsAdmin() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const jobs = useJobs();
  const run = useRunJob();
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  if (!jobs.data) return <Status tone="loading">{t('sl.loading')}</Status>;
  const when = (at: string | null) => (at ? formatDate(at, language) : t('sl.jobs.never'));

  return (
    <AdminFrame page="jobs" message={message} error={error}>
      <p className="field-hint">{t('sl.jobs.refreshed')}</p>
      {jobs.data.length === 0 ? (
        <p>{t('sl.jobs.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table sl-table">
            <caption className="visually-hidden">{t('sl.jobs.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sl.jobs.kind')}</th>
                <th scope="col">{t('sl.jobs.lastRun')}</th>
                <th scope="col">{t('sl.jobs.nextRun')}</th>
                <th scope="col">{t('sl.jobs.failures')}</th>
                <th scope="col">{t('sl.jobs.lastError')}</th>
                <th scope="col">{t('sl.jobs.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.map((j) => (
                <tr key={j.id} data-kind={j.kind}>
                  <th scope="row">
                    <code>{j.kind}</code>
                    <br />
                    <span className="field-hint">
                      {j.recurring && j.interval_seconds
                        ? t('sl.jobs.every', { count: j.interval_seconds })
                        : t('sl.jobs.once')}
                    </span>
                  </th>
                  <td>
                    {j.running_since
                      ? t('sl.jobs.running', { at: when(j.running_since) })
                      : when(j.last_run_at)}
                  </td>
                  <td>{when(j.next_run_at)}</td>
                  <td>{j.failures}</td>
                  <td className="sl-error-text">{j.last_error ?? t('sl.none')}</td>
                  <td className="sl-actions">
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      disabled={run.isPending}
                      aria-label={t('sl.jobs.runNamed', { kind: j.kind })}
                      onClick={() => {
                        setMessage('');
                        setError('');
                        run.mutate(j.id, {
                          onSuccess: () => setMessage(t('sl.jobs.ran', { kind: j.kind })),
                          onError: (e) => setError(e.message),
                        });
                      }}
                    >
                      {t('sl.jobs.runNow')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminFrame>
  );
}
