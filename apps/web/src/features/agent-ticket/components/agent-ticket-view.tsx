import { useEffect, useRef, useState } from 'react';
import { DateTime } from '@/components/date-time';
import { useReference } from '@/features/overviews/api/get-agents';
import { isTyping, ShortcutsHelp } from '@/features/overviews/components/shortcuts-help';
import { useTicket } from '@/features/tickets/api/get-ticket';
import type { TicketSummary } from '@/features/tickets/api/types';
import { StateBadge } from '@/features/tickets/components/state-badge';
import { useUpdateTicket } from '../api/ticket-actions';
import { ArticleHtml } from './article-html';
import { Composer, type ComposerHandle } from './composer';
import { SidePanel } from './side-panel';

export const TICKET_SHORTCUTS: readonly [string, string][] = [
  ['r', 'Write a public reply'],
  ['n', 'Write an internal note'],
  ['a', 'Assign the ticket to me'],
  ['c', 'Close the ticket'],
  ['?', 'This help'],
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

/** The agent's ticket: the whole conversation (internal notes set apart), controls and composer. */
export function AgentTicketView({ id, me }: { id: number; me: number }) {
  const detail = useTicket(id);
  const { ticket, articles } = detail;
  const reference = useReference();
  const update = useUpdateTicket(id);
  const composer = useRef<ComposerHandle>(null);
  const [help, setHelp] = useState(false);
  const states = (reference.data?.states ?? []).filter((s) => s.active && s.state_type !== 'merged');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'r') composer.current?.focus(false);
      else if (e.key === 'n') composer.current?.focus(true);
      else if (e.key === 'a') update.mutate({ owner_id: me });
      else if (e.key === 'c') {
        const closed = reference.data?.states.find((s) => s.name === 'closed');
        if (closed) update.mutate({ state_id: closed.id });
      } else if (e.key === '?') setHelp(true);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [update, me, reference.data]);

  return (
    <div className="agent-ticket">
      <article className="ticket" aria-labelledby="ticket-title">
        <title>{`${ticket.title} · EOSC Helpdesk`}</title>
        <header className="ticket__header">
          <p className="ticket-number">
            Ticket #{ticket.number} <StateBadge ticket={ticket} />
          </p>
          <h1 id="ticket-title">{ticket.title}</h1>
          <p>
            Updated <DateTime value={ticket.updated_at} /> · {ticket.priority} · {ticket.group} ·{' '}
            {ticket.owner?.name ?? 'Unassigned'}
          </p>
        </header>
        <section aria-labelledby="conversation-title">
          <h2 id="conversation-title">Conversation</h2>
          {articles.length === 0 ? (
            <p>No messages yet.</p>
          ) : (
            <ol className="articles">
              {articles.map((article) => (
                <li
                  key={article.id}
                  className={article.internal ? 'article article--internal' : 'article'}
                  aria-label={article.internal ? 'Internal note' : 'Message'}
                >
                  <header className="article__header">
                    <span className="article__from">{article.author?.name ?? article.from}</span>
                    <span className="article__sender">{article.sender}</span>
                    {article.internal && <span className="badge badge--internal">Internal note</span>}
                    <DateTime value={article.created_at} />
                  </header>
                  <ArticleHtml article={article} />
                </li>
              ))}
            </ol>
          )}
        </section>
        <Composer ref={composer} ticketId={id} states={states} placeholders={placeholdersOf(ticket)} />
        <button type="button" className="link-button" onClick={() => setHelp(true)}>
          Keyboard shortcuts (?)
        </button>
      </article>
      <SidePanel detail={detail} me={me} />
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} shortcuts={TICKET_SHORTCUTS} />
    </div>
  );
}
