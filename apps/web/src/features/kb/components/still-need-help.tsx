import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import '../kb.css';

/** "Still need help? Open a ticket" at the foot of the help center's pages. */
export function StillNeedHelp() {
  const { t } = useTranslation();
  return (
    <aside className="kb-cta" aria-label={t('kb.stillNeedHelp')}>
      <p>{t('kb.stillNeedHelp')}</p>
      <Link className="button" to="/tickets/new">
        {t('kb.openTicket')}
      </Link>
    </aside>
  );
}
