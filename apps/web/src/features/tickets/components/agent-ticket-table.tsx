import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { Pager } from '@/components/pager';
import { Status } from '@/components/status';
import { useTickets } from '../api/get-tickets';
import { StateBadge } from './state-badge';

type AgentTicketTableProps = {
  page: number;
  ticketHref: (id: number) => string;
  pageHref: (page: number) => string;
};

/** The tickets of the agent's groups, one row each. */
export function AgentTicketTable({ page, ticketHref, pageHref }: AgentTicketTableProps) {
  const { items, has_more } = useTickets(page);

  if (items.length === 0 && page === 1) {
    return <Status>No tickets in your groups.</Status>;
  }
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users must be able to scroll the table sideways on narrow screens */}
      <section className="table-scroll" aria-labelledby="agent-tickets-caption" tabIndex={0}>
        <table className="table">
          <caption id="agent-tickets-caption">Tickets in your groups</caption>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Title</th>
              <th scope="col">Customer</th>
              <th scope="col">State</th>
              <th scope="col">Priority</th>
              <th scope="col">Group</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {items.map((ticket) => (
              <tr key={ticket.id}>
                <td className="ticket-number">{ticket.number}</td>
                <td>
                  <Link to={ticketHref(ticket.id)}>{ticket.title}</Link>
                </td>
                <td>{ticket.customer?.name ?? '—'}</td>
                <td>
                  <StateBadge ticket={ticket} />
                </td>
                <td>{ticket.priority}</td>
                <td>{ticket.group}</td>
                <td>
                  <DateTime value={ticket.updated_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Pager page={page} hasMore={has_more} hrefFor={pageHref} label="Ticket pages" />
    </>
  );
}
