import type { TFunction } from 'i18next';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, useLanguage } from '@/lib/i18n';
import { useMarkRead, useNotifications } from '../api/notifications';
import '../strings';
import '../notifications.css';

/** Types that say who caused them ("Anna mentioned you in ticket #12"). */
const BY_SOMEONE = new Set(['mention', 'create', 'update']);
/** Types about the ticket alone. */
const ABOUT_TICKET = new Set(['reminder_reached', 'escalation', 'escalation_warning']);

type BellNotification = {
  type: string;
  o_id: number;
  created_by: string | null;
  created_by_name?: string | null;
  ticket_number?: string | null;
};

/** "Anna Agent mentioned you in ticket #31007": the person's name and the ticket's number. */
function notificationText(t: TFunction, n: BellNotification) {
  const number = n.ticket_number ?? String(n.o_id);
  const who = n.created_by_name ?? n.created_by;
  if (BY_SOMEONE.has(n.type))
    return who ? t(`bell.${n.type}`, { who, number }) : t(`bell.${n.type}Anonymous`, { number });
  if (ABOUT_TICKET.has(n.type)) return t(`bell.${n.type}`, { number });
  return t('bell.other', { number });
}

/** The header's bell: unread count, and a list to open or mark read. */
export function NotificationBell({ ticketHref }: { ticketHref: (id: number) => string }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { data } = useNotifications();
  const markRead = useMarkRead();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const unread = data?.unread_count ?? 0;

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        rootRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  return (
    <div className="bell" ref={rootRef}>
      <button
        type="button"
        className="bell__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
      >
        <span className="bell__icon" aria-hidden="true" />
        <span className="visually-hidden">{t('notifications.button', { count: unread })}</span>
        {unread > 0 && (
          <span className="bell__count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section id={panelId} className="bell__panel" aria-label={t('notifications.title')}>
          <div className="bell__header">
            <h2>{t('notifications.title')}</h2>
            {unread > 0 && (
              <button
                type="button"
                className="button button--secondary"
                disabled={markRead.isPending}
                onClick={() => markRead.mutate('all')}
              >
                {t('notifications.markAllRead')}
              </button>
            )}
          </div>
          {!data || data.items.length === 0 ? (
            <p>{t('notifications.empty')}</p>
          ) : (
            <ul className="bell__list">
              {data.items.slice(0, 20).map((n) => {
                const text = notificationText(t, n);
                return (
                  <li key={n.id} className={n.seen ? 'bell__item' : 'bell__item bell__item--unread'}>
                    {n.object === 'Ticket' ? (
                      <Link
                        to={ticketHref(n.o_id)}
                        onClick={() => {
                          if (!n.seen) markRead.mutate(n.id);
                          setOpen(false);
                        }}
                      >
                        {text}
                      </Link>
                    ) : (
                      <span>{text}</span>
                    )}
                    {n.ticket_title && <span className="bell__subject">{n.ticket_title}</span>}
                    {!n.seen && <span className="visually-hidden"> ({t('notifications.unread')})</span>}
                    <time dateTime={n.created_at} className="bell__time">
                      {formatDate(n.created_at, language)}
                    </time>
                    {!n.seen && (
                      <button
                        type="button"
                        className="bell__mark"
                        disabled={markRead.isPending}
                        onClick={() => markRead.mutate(n.id)}
                      >
                        {t('notifications.markRead')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
