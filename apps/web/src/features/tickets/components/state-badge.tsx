import type { TicketSummary } from '../api/types';

/**
 * A ticket's state as a coloured label. The colour follows the state's type, so states an
 * installation adds (named as it likes) still read as open, pending or closed.
 */
export function StateBadge({ ticket }: { ticket: Pick<TicketSummary, 'state' | 'state_type'> }) {
  const type = ticket.state_type.replace(/[^a-z]+/g, '-');
  return <span className={`badge badge--${type}`}>{ticket.state}</span>;
}
