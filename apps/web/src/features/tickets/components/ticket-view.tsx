import { DateTime } from '@/components/date-time';
import { useTicket } from '../api/get-ticket';
import { ArticleBody } from './article-body';
import { StateBadge } from './state-badge';

/** A ticket's header facts and its conversation, oldest article first. */
export function TicketView({ id }: { id: number }) {
  const { ticket, articles } = useTicket(id);

  return (
    <article className="ticket" aria-labelledby="ticket-title">
      <title>{`${ticket.title} · EOSC Helpdesk`}</title>
      <header className="ticket__header">
        <p className="ticket-number">Ticket #{ticket.number}</p>
        <h1 id="ticket-title">{ticket.title}</h1>
        <dl className="facts">
          <div>
            <dt>State</dt>
            <dd>
              <StateBadge ticket={ticket} />
            </dd>
          </div>
          <div>
            <dt>Priority</dt>
            <dd>{ticket.priority}</dd>
          </div>
          <div>
            <dt>Group</dt>
            <dd>{ticket.group}</dd>
          </div>
          <div>
            <dt>Customer</dt>
            <dd>{ticket.customer?.name ?? '—'}</dd>
          </div>
          <div>
            <dt>Owner</dt>
            <dd>{ticket.owner?.name ?? 'Unassigned'}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <DateTime value={ticket.created_at} />
            </dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>
              <DateTime value={ticket.updated_at} />
            </dd>
          </div>
        </dl>
      </header>

      <section aria-labelledby="conversation-title">
        <h2 id="conversation-title">Conversation</h2>
        {articles.length === 0 ? (
          <p>No messages yet.</p>
        ) : (
          <ol className="articles">
            {articles.map((article) => (
              <li key={article.id} className={article.internal ? 'article article--internal' : 'article'}>
                <header className="article__header">
                  <span className="article__from">{article.from}</span>
                  <span className="article__sender">{article.sender}</span>
                  {article.internal && <span className="badge badge--internal">Internal note</span>}
                  <DateTime value={article.created_at} />
                </header>
                <ArticleBody article={article} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
