import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type LinkType, useLinks, useTicketContext } from '../api/ticket-context';
import '../view-strings';
import '../agent-ticket.css';

const LINK_TYPES: LinkType[] = ['normal', 'parent', 'child'];

/** The side panel's linked tickets: the list, unlink, and a form to link another ticket by number. */
export function LinksSection({ ticketId, onMessage }: { ticketId: number; onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const context = useTicketContext(ticketId);
  const { add, remove } = useLinks(ticketId);
  const [number, setNumber] = useState('');
  const [type, setType] = useState<LinkType>('normal');
  const links = context.data?.links ?? [];
  return (
    <section aria-labelledby="links-title">
      <h3 id="links-title">{t('ticketView.panel.links')}</h3>
      {links.length === 0 ? (
        <p>{t('ticketView.panel.noLinks')}</p>
      ) : (
        <ul className="side-panel__links">
          {links.map((l) => (
            <li key={`${l.type}-${l.ticket.id}`}>
              <span className="badge">{t(`ticketView.panel.linkType.${l.type}`)}</span>{' '}
              <Link to={`/agent/tickets/${l.ticket.id}`}>
                #{l.ticket.number} {l.ticket.title}
              </Link>{' '}
              <button
                type="button"
                className="link-button"
                aria-label={t('ticketView.panel.removeLink', { number: l.ticket.number })}
                disabled={remove.isPending}
                onClick={() =>
                  remove.mutate(
                    { ticket_id: l.ticket.id, type: l.type },
                    {
                      onSuccess: () => onMessage(t('ticketView.panel.unlinked', { number: l.ticket.number })),
                      onError: (e) => onMessage(e.message),
                    },
                  )
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="side-panel__link-form"
        onSubmit={(e) => {
          e.preventDefault();
          const n = number.trim();
          if (!n) return;
          add.mutate(
            { number: n, type },
            {
              onSuccess: () => {
                setNumber('');
                onMessage(t('ticketView.panel.linked', { number: n }));
              },
              onError: (err) => onMessage(err.message),
            },
          );
        }}
      >
        <label>
          {t('ticketView.panel.linkNumber')}
          <input value={number} onChange={(e) => setNumber(e.target.value)} inputMode="numeric" />
        </label>
        <label>
          {t('ticketView.panel.linkTypeLabel')}
          <select value={type} onChange={(e) => setType(e.target.value as LinkType)}>
            {LINK_TYPES.map((lt) => (
              <option key={lt} value={lt}>
                {t(`ticketView.panel.linkType.${lt}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={add.isPending}>
          {t('ticketView.panel.addLink')}
        </button>
      </form>
    </section>
  );
}
