import { useTranslation } from 'react-i18next';
import { formatDate, useLanguage } from '@/lib/i18n';
import type { TicketSummary } from '@/lib/tickets/types';
import './state-badge-strings';
import { stateLabel } from '@/lib/helpdesk-names';
import './state-badge.css';

type StateBadgeProps = {
  ticket: Pick<TicketSummary, 'state' | 'state_type'>;
  /**
   * Say the state in plain words for the person who asked ("We're working on it") instead of
   * the helpdesk's state name, which agents read.
   */
  plain?: boolean;
  /** With `plain`: when a closed ticket was closed ("Solved — closed on …"). */
  closedAt?: string | null | undefined;
};

/**
 * A ticket's state as a coloured label. The colour follows the state's type, so states an
 * installation adds (named as it likes) still read as open, pending or closed.
 */
export function StateBadge({ ticket, plain = false, closedAt }: StateBadgeProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const type = ticket.state_type.replace(/[^a-z]+/g, '-');
  let text = stateLabel(ticket.state, t);
  if (plain) {
    text =
      ticket.state_type === 'closed' && closedAt
        ? t('ticketState.closedOn', { date: formatDate(closedAt, language) })
        : t(`ticketState.${ticket.state_type}`);
  }
  return <span className={`badge badge--${type}`}>{text}</span>;
}
