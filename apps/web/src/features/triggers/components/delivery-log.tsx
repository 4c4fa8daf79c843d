import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Status } from '@/components/status';
import { useDeliveries, type Webhook } from '../api/webhooks';

/** The last calls of a webhook, newest first: every attempt with its answer or error. */
export function DeliveryLog({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const log = useDeliveries(webhook.id);
  const when = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
  return (
    <section aria-labelledby="trg-log-heading">
      <h2 id="trg-log-heading">{t('trg.webhooks.logHeading', { name: webhook.name })}</h2>
      <p>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('trg.webhooks.close')}
        </button>
      </p>
      {log.isError ? (
        <p role="alert" className="form-error">
          {log.error.message}
        </p>
      ) : !log.data ? (
        <Status tone="loading">{t('trg.loading')}</Status>
      ) : log.data.length === 0 ? (
        <p>{t('trg.webhooks.logEmpty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">
              {t('trg.webhooks.logHeading', { name: webhook.name })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('trg.webhooks.when')}</th>
                <th scope="col">{t('trg.webhooks.ticket')}</th>
                <th scope="col">{t('trg.webhooks.attempt')}</th>
                <th scope="col">{t('trg.webhooks.result')}</th>
                <th scope="col">{t('trg.webhooks.answer')}</th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((d) => {
                const ok = d.status_code !== null && d.status_code >= 200 && d.status_code < 300;
                return (
                  <tr key={d.id}>
                    <td>{when(d.created_at)}</td>
                    <td>
                      {d.ticket_id ? (
                        <Link to={`/agent/tickets/${d.ticket_id}`}>#{d.ticket_id}</Link>
                      ) : (
                        t('trg.none')
                      )}
                    </td>
                    <td>{d.attempt}</td>
                    <td>
                      {ok
                        ? t('trg.webhooks.ok', { status: d.status_code })
                        : t('trg.webhooks.failed', { error: d.error ?? String(d.status_code) })}
                    </td>
                    <td>
                      <code>{d.response_excerpt?.slice(0, 200) ?? ''}</code>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
