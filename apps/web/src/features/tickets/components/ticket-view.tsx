import { useTranslation } from 'react-i18next';
import { ArticleBody } from '@/components/article-body';
import { DateTime } from '@/components/date-time';
import { useTicket } from '@/lib/tickets/get-ticket';
import '../ticket-strings';
import { StateBadge } from '@/components/state-badge';
import { RedirectNotice } from './redirect-notice';
import { ReplyForm } from './reply-form';
import { TicketStateActions } from './ticket-state-actions';
import '../tickets.css';
import '@/components/article-body.css';

/** A ticket's header facts and its conversation, oldest article first. */
export function TicketView({ id }: { id: number }) {
  const { ticket, articles, follow_up } = useTicket(id);
  const { t } = useTranslation();

  return (
    <article className="ticket" aria-labelledby="ticket-title">
      <title>{t('ui.titleSuffix', { title: ticket.title })}</title>
      <header className="ticket__header">
        <p className="ticket-number">{t('ticketPage.number', { number: ticket.number })}</p>
        <h1 id="ticket-title">{ticket.title}</h1>
        <dl className="facts">
          <div>
            <dt>{t('ticketPage.state')}</dt>
            <dd>
              <StateBadge ticket={ticket} plain closedAt={follow_up.closed_at} />
            </dd>
          </div>
          <div>
            <dt>{t('ticketPage.priority')}</dt>
            <dd>{t(`ticketPage.priorities.${ticket.priority}`, { defaultValue: ticket.priority })}</dd>
          </div>
          <div>
            <dt>{t('ticketPage.team')}</dt>
            <dd>{ticket.group}</dd>
          </div>
          <div>
            <dt>{t('ticketPage.customer')}</dt>
            <dd>{ticket.customer?.name ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('ticketPage.owner')}</dt>
            <dd>{ticket.owner?.name ?? t('ticketPage.unassigned')}</dd>
          </div>
          <div>
            <dt>{t('ticketPage.created')}</dt>
            <dd>
              <DateTime value={ticket.created_at} />
            </dd>
          </div>
          <div>
            <dt>{t('ticketPage.updated')}</dt>
            <dd>
              <DateTime value={ticket.updated_at} />
            </dd>
          </div>
        </dl>
        <p className={`state-explain state-explain--${ticket.state_type.replace(/[^a-z]+/g, '-')}`}>
          {t(`ticketState.explain.${ticket.state_type}`)}
        </p>
        <TicketStateActions ticket={ticket} followUp={follow_up} />
        <RedirectNotice ticketId={id} />
      </header>

      <section aria-labelledby="conversation-title">
        <h2 id="conversation-title">{t('ticketPage.conversation')}</h2>
        <p className="visually-hidden">{t('ticketPage.live')}</p>
        {articles.length === 0 ? (
          <p>{t('ticketPage.noMessages')}</p>
        ) : (
          <ol className="articles">
            {articles.map((article) => (
              <li key={article.id} className={article.internal ? 'article article--internal' : 'article'}>
                <header className="article__header">
                  <span className="article__from">{article.from}</span>
                  <span className="article__sender">
                    {t(`ticketPage.sender.${article.sender}`, { defaultValue: article.sender })}
                  </span>
                  {article.internal && (
                    <span className="badge badge--internal">{t('ticketPage.internal')}</span>
                  )}
                  <DateTime value={article.created_at} />
                </header>
                <ArticleBody article={article} ticketId={id} />
              </li>
            ))}
          </ol>
        )}
      </section>
      {/* A closed ticket whose group wants a new ticket takes no reply (the notice above says so). */}
      {follow_up.possible && <ReplyForm ticketId={id} />}
    </article>
  );
}
