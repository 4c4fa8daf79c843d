import { useTranslation } from 'react-i18next';
import { formatDate, languageOf } from '@/lib/i18n';
import type { Viewer } from '../hooks/use-presence';
import '../view-strings';
import '../agent-ticket.css';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');

/** Who else is on the ticket ("Anna is typing…"); announced politely as it changes. */
export function PresenceBanner({ viewers }: { viewers: Viewer[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div
      className={viewers.length > 0 ? 'presence presence--active' : 'presence'}
      role="status"
      aria-live="polite"
      aria-label={t('ticketView.presence.label')}
    >
      {viewers.length > 0 && (
        <ul className="presence__list">
          {viewers.map((v) => (
            <li key={v.user_id} className={`presence__item presence__item--${v.state}`}>
              <span className="presence__avatar" aria-hidden="true">
                {initials(v.name)}
              </span>
              <span>
                {t(v.state === 'typing' ? 'ticketView.presence.typing' : 'ticketView.presence.viewing', {
                  name: v.name,
                })}
              </span>{' '}
              <span className="presence__since">
                {t('ticketView.presence.since', { when: formatDate(v.since, languageOf(i18n.language)) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
