import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/api-error';
import { formatDate, useLanguage } from '@/lib/i18n';
import { type RedirectAction, useRedirectAction, useTicketRedirect } from '@/lib/tickets/redirect';
import '../redirect-strings';

/**
 * A redirected ticket in the agent's view: the list it went to, the delivery (with the mail
 * server's reason on a refusal), the acknowledgement, and the first line's two actions. The
 * helpdesk decides who may act (first line and admins); a refusal is said here.
 */
export function RedirectPanel({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { data } = useTicketRedirect(ticketId);
  const action = useRedirectAction(ticketId);
  const [done, setDone] = useState<RedirectAction | null>(null);
  if (!data) return null;
  const ended = data.status === 'taken_over';
  const run = (a: RedirectAction) => {
    setDone(null);
    action.mutate(a, { onSuccess: () => setDone(a) });
  };
  return (
    <section className="redirect-panel" aria-labelledby={`redirect-panel-${ticketId}`}>
      <h2 id={`redirect-panel-${ticketId}`}>{t('redirectPanel.title')}</h2>
      <p>
        {t('redirectPanel.where', {
          list: data.mailing_list,
          team: data.provider || data.service_name,
          count: data.forwards,
        })}
      </p>
      <p>{t(`redirectPanel.status.${data.status}`, { due: formatDate(data.ack_due_at, language) })}</p>
      {data.delivery_status === 'fail' && data.delivery_status_message && (
        <p className="redirect-panel__reason">
          {t('redirectPanel.reason', { message: data.delivery_status_message })}
        </p>
      )}
      {data.alerted_at && data.status !== 'acknowledged' && !ended && <p>{t('redirectPanel.overdue')}</p>}
      {!ended && (
        <div className="redirect-panel__actions">
          {data.status !== 'acknowledged' && (
            <button
              type="button"
              className="button"
              disabled={action.isPending}
              onClick={() => run('resend')}
            >
              {t('redirectPanel.resend')}
            </button>
          )}
          <button
            type="button"
            className="button button--secondary"
            disabled={action.isPending}
            onClick={() => run('take-over')}
          >
            {t('redirectPanel.takeOver')}
          </button>
        </div>
      )}
      <p role="status">{done ? t(`redirectPanel.done.${done}`, { list: data.mailing_list }) : ''}</p>
      {action.isError && (
        <p role="alert">
          {t('redirectPanel.failed', {
            message: isApiError(action.error) ? action.error.message : String(action.error),
          })}
        </p>
      )}
    </section>
  );
}
