import { useTranslation } from 'react-i18next';
import { formatDate, useLanguage } from '@/lib/i18n';
import { useTicketRedirect } from '@/lib/tickets/redirect';
import '../redirect-strings';

/** On the portal's ticket page: where a redirected request went and what became of it. */
export function RedirectNotice({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { data } = useTicketRedirect(ticketId);
  if (!data) return null;
  const values = {
    team: data.provider || data.service_name,
    list: data.mailing_list,
    date: data.forwarded_at ? formatDate(data.forwarded_at, language) : '',
  };
  return (
    <section className="redirect-notice" aria-labelledby={`redirect-${ticketId}`}>
      <h2 id={`redirect-${ticketId}`} className="redirect-notice__title">
        {t('redirectNotice.title')}
      </h2>
      <p>{t(`redirectNotice.${data.status}`, values)}</p>
    </section>
  );
}
