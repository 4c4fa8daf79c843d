import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { Pager } from '@/components/pager';
import { StateBadge } from '@/components/state-badge';
import { Status } from '@/components/status';
import { formatNumber, useLanguage } from '@/lib/i18n';
import { type TicketListFilters, ticketListHref, useTickets } from '../api/get-tickets';
import '../ticket-strings';
import '../tickets.css';

type TicketListProps = {
  filters: TicketListFilters;
  ticketHref: (id: number) => string;
};

/** One page of the customer's tickets, most recent activity first, with its count and pager. */
export function TicketList({ filters, ticketHref }: TicketListProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { items, has_more, total_count, per_page, shared_organization } = useTickets(filters);
  const n = (value: number) => formatNumber(value, language);
  const showScope = shared_organization || filters.scope === 'organization';
  const first = (filters.page - 1) * per_page + 1;

  return (
    <>
      {showScope && (
        <nav aria-label={t('myTickets.scopeLabel')} className="my-tickets__scope">
          {(['mine', 'organization'] as const).map((scope) => (
            <Link
              key={scope}
              to={ticketListHref({ ...filters, scope, page: 1 })}
              aria-current={filters.scope === scope ? 'page' : undefined}
              className="my-tickets__state"
            >
              {t(`myTickets.scope.${scope}`)}
            </Link>
          ))}
        </nav>
      )}
      <p className="my-tickets__count" role="status">
        {items.length > 0 && total_count > items.length
          ? t('myTickets.range', {
              from: n(first),
              to: n(first + items.length - 1),
              total: n(total_count),
            })
          : t('myTickets.count', { count: total_count, formatted: n(total_count) })}
      </p>
      {items.length === 0 ? (
        <EmptyList filters={filters} />
      ) : (
        <ul className="ticket-list">
          {items.map((ticket) => (
            <li key={ticket.id} className="ticket-card">
              <Link className="ticket-card__title" to={ticketHref(ticket.id)}>
                {ticket.title}
              </Link>
              <div className="ticket-card__meta">
                <span className="ticket-number">#{ticket.number}</span>
                <StateBadge ticket={ticket} plain />
                <span>
                  {t('myTickets.lastActivity')} <DateTime value={ticket.updated_at} />
                </span>
                {filters.scope === 'organization' && ticket.customer && (
                  <span>{t('myTickets.askedBy', { name: ticket.customer.name })}</span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pager
        page={filters.page}
        hasMore={has_more}
        pageCount={Math.max(1, Math.ceil(total_count / per_page))}
        hrefFor={(page) => ticketListHref({ ...filters, page })}
        label={t('myTickets.pages')}
      />
    </>
  );
}

function EmptyList({ filters }: { filters: TicketListFilters }) {
  const { t } = useTranslation();
  const unfiltered = filters.state === 'all' && !filters.q;
  let message: string;
  let reset: { to: string; label: string } | null = null;
  if (filters.page > 1) {
    message = t('myTickets.emptyPage');
    reset = { to: ticketListHref({ ...filters, page: 1 }), label: t('myTickets.firstPage') };
  } else if (filters.q) {
    message = t('myTickets.emptySearch', { q: filters.q });
    reset = { to: ticketListHref({ ...filters, q: '', page: 1 }), label: t('myTickets.clearSearch') };
  } else if (!unfiltered) {
    message = t('myTickets.emptyFiltered');
    reset = { to: ticketListHref({ ...filters, state: 'all', page: 1 }), label: t('myTickets.showAll') };
  } else {
    message = t('myTickets.emptyNone');
  }
  return (
    <div className="my-tickets__empty">
      <Status>{message}</Status>
      {unfiltered && filters.page === 1 && <p>{t('myTickets.emptyNoneHelp')}</p>}
      <ul className="my-tickets__empty-links">
        {reset && (
          <li>
            <Link to={reset.to}>{reset.label}</Link>
          </li>
        )}
        <li>
          <Link to="/help">{t('myTickets.helpCenter')}</Link>
        </li>
        <li>
          <Link to="/tickets/new">{t('myTickets.openTicket')}</Link>
        </li>
      </ul>
    </div>
  );
}
