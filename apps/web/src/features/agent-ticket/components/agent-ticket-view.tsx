import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { DateTime } from '@/components/date-time';
import { DueBadge } from '@/components/due-badge';
import { isTyping, ShortcutsHelp } from '@/components/shortcuts-help';
import { StateBadge } from '@/components/state-badge';
import { UndoToast, useUndoToast } from '@/components/undo-toast';
import { useReference } from '@/lib/reference';
import { neighboursOf } from '@/lib/ticket-list';
import { useTicket } from '@/lib/tickets/get-ticket';
import type { Article, TicketSummary } from '@/lib/tickets/types';
import { useUpdateTicket } from '@/lib/tickets/update-ticket';
import { usePresence } from '../hooks/use-presence';
import '../nav-strings';
import '../view-strings';
import { priorityLabel, senderLabel } from '@/lib/helpdesk-names';
import { ArticleHtml } from './article-html';
import { Composer, type ComposerHandle } from './composer';
import { PresenceBanner } from './presence-banner';
import { RedirectPanel } from './redirect-panel';
import { SidePanel } from './side-panel';
import '@/components/article-body.css';
import '../agent-ticket.css';

/** Keys and i18n keys of what they do (ShortcutsHelp translates both). */
export const TICKET_SHORTCUTS: readonly [string, string][] = [
  ['j / k', 'ticketNav.shortcut'],
  ['r', 'ticketView.shortcuts.reply'],
  ['n', 'ticketView.shortcuts.note'],
  ['a', 'ticketView.shortcuts.assign'],
  ['c', 'ticketView.shortcuts.close'],
  ['?', 'ticketView.shortcuts.help'],
];

function placeholdersOf(ticket: TicketSummary): Record<string, string> {
  const full = ticket.customer?.name ?? '';
  const [first = '', ...rest] = full.split(' ');
  return {
    'ticket.number': ticket.number,
    'ticket.title': ticket.title,
    'ticket.customer.firstname': first,
    'ticket.customer.lastname': rest.join(' '),
    'ticket.customer.fullname': full,
    'ticket.group.name': ticket.group,
  };
}

/**
 * The agent's ticket: who else is on it (collision detection), the whole conversation (internal
 * notes set apart), controls and composer.
 */
export function AgentTicketView({ id, me }: { id: number; me: number }) {
  const { t } = useTranslation();
  const presence = usePresence(id);
  const detail = useTicket(id);
  const { ticket, articles } = detail;
  const reference = useReference();
  const update = useUpdateTicket(id);
  const composer = useRef<ComposerHandle>(null);
  const [help, setHelp] = useState(false);
  const toast = useUndoToast();
  const navigate = useNavigate();
  // The list the agent came from (the inbox hands it over); null when opened directly.
  const list = useMemo(() => neighboursOf(id), [id]);
  const states = (reference.data?.states ?? []).filter((s) => s.active && s.state_type !== 'merged');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'j' || e.key === 'k') {
        const to = e.key === 'j' ? list?.next : list?.prev;
        if (to === undefined) return;
        void navigate(`/agent/tickets/${to}`);
      } else if (e.key === 'r') composer.current?.focus(false);
      else if (e.key === 'n') composer.current?.focus(true);
      else if (e.key === 'a') update.mutate({ owner_id: me });
      else if (e.key === 'c') {
        const closed = reference.data?.states.find((s) => s.name === 'closed');
        const previous = ticket.state_id;
        if (closed && previous !== closed.id)
          // Fast, and undoable: the notice offers the previous state back for a few seconds.
          update.mutate(
            { state_id: closed.id },
            {
              onSuccess: () =>
                toast.show({
                  message: t('undoClose.closedOne', { number: ticket.number }),
                  undo: () => update.mutateAsync({ state_id: previous }),
                }),
            },
          );
      } else if (e.key === '?') setHelp(true);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [update, me, reference.data, list, navigate, ticket.state_id, ticket.number, toast.show, t]);

  return (
    <div className="agent-ticket">
      <article className="ticket" aria-labelledby="ticket-title">
        <title>{`${ticket.title} · EOSC Helpdesk`}</title>
        <header className="ticket__header">
          {list && (
            <nav className="ticket-nav" aria-label={t('ticketNav.label')}>
              <Link to={list.from}>{t('ticketNav.back')}</Link>
              <span className="ticket-nav__position">
                {t('ticketNav.position', { position: list.position, size: list.size })}
              </span>
              {list.prev === undefined ? (
                <button type="button" className="link-button ticket-nav__step" disabled>
                  {t('ticketNav.previous')}
                </button>
              ) : (
                <Link className="ticket-nav__step" to={`/agent/tickets/${list.prev}`} aria-keyshortcuts="k">
                  <span aria-hidden="true">← </span>
                  {t('ticketNav.previous')}
                </Link>
              )}
              {list.next === undefined ? (
                <button type="button" className="link-button ticket-nav__step" disabled>
                  {t('ticketNav.next')}
                </button>
              ) : (
                <Link className="ticket-nav__step" to={`/agent/tickets/${list.next}`} aria-keyshortcuts="j">
                  {t('ticketNav.next')}
                  <span aria-hidden="true"> →</span>
                </Link>
              )}
            </nav>
          )}
          <p className="ticket-number">
            {t('ticketView.number', { number: ticket.number })} <StateBadge ticket={ticket} />{' '}
            <DueBadge ticket={ticket} />
          </p>
          <h1 id="ticket-title">{ticket.title}</h1>
          <p>
            {t('ticketView.updated')} <DateTime value={ticket.updated_at} /> ·{' '}
            {t('ticketView.meta', {
              priority: priorityLabel(ticket.priority, t),
              group: ticket.group,
              owner: ticket.owner?.name ?? t('ticketView.unassigned'),
            })}
          </p>
          <PresenceBanner viewers={presence.viewers} />
          <RedirectPanel ticketId={id} />
        </header>
        <section aria-labelledby="conversation-title">
          <h2 id="conversation-title">{t('ticketView.conversation')}</h2>
          {articles.length === 0 ? (
            <p>{t('ticketView.noMessages')}</p>
          ) : (
            <ol className="articles">
              {articles.map((article) => (
                <li
                  key={article.id}
                  className={article.internal ? 'article article--internal' : 'article'}
                  aria-label={article.internal ? t('ticketView.internalNote') : t('ticketView.message')}
                >
                  <header className="article__header">
                    <span className="article__from">{article.author?.name ?? article.from}</span>
                    <span className="article__sender">{senderLabel(article.sender, t)}</span>
                    {article.internal && (
                      <span className="badge badge--internal">{t('ticketView.internalNote')}</span>
                    )}
                    <DateTime value={article.created_at} />
                  </header>
                  <Delivery article={article} />
                  <ArticleHtml
                    article={article}
                    ticketId={id}
                    onQuote={() => composer.current?.quote(article)}
                  />
                </li>
              ))}
            </ol>
          )}
        </section>
        <Composer
          ref={composer}
          ticketId={id}
          states={states}
          placeholders={placeholdersOf(ticket)}
          onTyping={presence.typing}
        />
        <button type="button" className="link-button" onClick={() => setHelp(true)}>
          {t('ticketView.shortcutsButton')}
        </button>
      </article>
      <SidePanel detail={detail} me={me} />
      <UndoToast notice={toast.notice} show={toast.show} />
      <ShortcutsHelp
        open={help}
        onClose={() => setHelp(false)}
        shortcuts={TICKET_SHORTCUTS.map(([keys, what]) => [keys, t(what)] as [string, string])}
      />
    </div>
  );
}

/** An agent's e-mail: to whom, and whether the mail left; a failed one says why. */
function Delivery({ article }: { article: Article }) {
  const { t } = useTranslation();
  const d = article.delivery;
  if (!d) return null;
  const to = [article.to, article.cc ? `cc ${article.cc}` : null].filter(Boolean).join(', ');
  if (d.status === 'failed')
    return (
      <p className="article__delivery article__delivery--failed" role="status">
        <strong>{t('ticketView.delivery.failed', { to })}</strong>
        {d.message && <> {t('ticketView.delivery.reason', { message: d.message })}</>}
      </p>
    );
  return (
    <p className="article__delivery">
      {d.status === 'sent'
        ? t('ticketView.delivery.sent', { to })
        : d.attempts > 0
          ? t('ticketView.delivery.retrying', {
              to: to || t('ticketView.delivery.customer'),
              count: d.attempts,
            })
          : t('ticketView.delivery.sending', { to: to || t('ticketView.delivery.customer') })}
    </p>
  );
}
