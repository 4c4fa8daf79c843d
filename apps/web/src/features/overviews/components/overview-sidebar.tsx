import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber, useLanguage } from '@/lib/i18n';
import { useOverviews } from '../api/get-overviews';
import '../strings';
import { overviewLabel } from '@/lib/helpdesk-names';
import '../overviews.css';

type OverviewSidebarProps = { current: string; hrefFor: (link: string) => string };

/** The agent's overviews with their live counts. */
export function OverviewSidebar({ current, hrefFor }: OverviewSidebarProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const overviews = useOverviews();
  return (
    <nav className="overviews" aria-label={t('inbox.overviews')}>
      <ul>
        {overviews.map((o) => (
          <li key={o.id}>
            <Link
              to={hrefFor(o.link)}
              aria-current={o.link === current ? 'page' : undefined}
              className="overviews__link"
            >
              <span>{overviewLabel(o.name, t)}</span>
              <span className="overviews__count">
                <span aria-hidden="true">{formatNumber(o.count, language)}</span>
                <span className="visually-hidden">{`, ${t('inbox.ticketCount', { count: o.count })}`}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
