import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { Pager } from '@/components/pager';
import { Status } from '@/components/status';
import { useTickets } from '../api/get-tickets';
import { StateBadge } from './state-badge';

type TicketListProps = {
  page: number;
  ticketHref: (id: number) => string;
  pageHref: (page: number) => string;
};

/** The signed-in customer's tickets as a compact list. */
export function TicketList({ page, ticketHref, pageHref }: TicketListProps) {
  const { items, has_more } = useTickets(page);

  if (items.length === 0 && page === 1) {
    return <Status>You have no tickets yet.</Status>;
  }
  return (
    <>
      <ul className="ticket-list">
        {items.map((ticket) => (
          <li key={ticket.id} className="ticket-card">
            <Link className="ticket-card__title" to={ticketHref(ticket.id)}>
              {ticket.title}
            </Link>
            <div className="ticket-card__meta">
              <span className="ticket-number">#{ticket.number}</span>
              <StateBadge ticket={ticket} />
              <span>
                Updated <DateTime value={ticket.updated_at} />
              </span>
            </div>
          </li>
        ))}
      </ul>
      <Pager page={page} hasMore={has_more} hrefFor={pageHref} label="My tickets pages" />
    </>
  );
}
