import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, languageOf } from '@/lib/i18n';
import { type HistoryItem, useTicketHistory } from '../api/ticket-context';
import '../view-strings';
import '../line-strings';
import { RetryAlert } from './retry-alert';
import '../agent-ticket.css';

/** One history row as a sentence ("Agent Smith changed the state from new to open"). */
export function useHistorySentence() {
  const { t, i18n } = useTranslation();
  const lang = languageOf(i18n.language);
  return (h: HistoryItem): string => {
    const who = h.actor?.name ?? t('ticketView.panel.someone');
    const attr = h.attribute ?? '';
    const what = t(`ticketView.panel.attr.${attr}`, { defaultValue: attr });
    const from = h.from ?? t('ticketView.panel.empty');
    const to = h.to ?? t('ticketView.panel.empty');
    const p = 'ticketView.panel.hist';
    if (h.object === 'Ticket::Article' && h.type === 'created') return t(`${p}.articleCreated`, { who });
    if (h.object === 'Mention')
      return t(h.type === 'removed' ? `${p}.mentionRemoved` : `${p}.mentionCreated`, { who });
    if (h.object === 'Link' || attr === 'link')
      return t(h.type === 'removed' ? `${p}.linkRemoved` : `${p}.linkAdded`, { who });
    if (attr === 'tag') return t(h.type === 'removed' ? `${p}.tagRemoved` : `${p}.tagAdded`, { who, to });
    if (h.object === 'Ticket' && h.type === 'created') return t(`${p}.created`, { who });
    // A move between lines of support (EOSC), and the worker's escalation notices.
    if (attr === 'support_line' && h.from && h.to)
      return t(Number(h.to) > Number(h.from) ? 'lineHistory.up' : 'lineHistory.down', {
        who,
        from: t(`lines.ordinal.${h.from}`),
        to: t(`lines.ordinal.${h.to}`),
      });
    if (h.type === 'escalation' || h.type === 'escalation_warning')
      return t(`lineHistory.${h.type}`, { due: h.to ? formatDate(h.to, lang) : '—' });
    if (h.type === 'merged_into' || h.type === 'received_merge') return t(`${p}.merged`, { who });
    if (h.type === 'updated' && attr) {
      if (h.from === null) return t(`${p}.set`, { who, what, to });
      if (h.to === null) return t(`${p}.cleared`, { who, what, from });
      return t(`${p}.changed`, { who, what, from, to });
    }
    return t(`${p}.other`, { who, object: h.object, type: h.type, what: attr });
  };
}

/** The ticket's history, newest first, loaded when first opened. */
export function HistorySection({ ticketId }: { ticketId: number }) {
  const { t, i18n } = useTranslation();
  const lang = languageOf(i18n.language);
  const [open, setOpen] = useState(false);
  const history = useTicketHistory(ticketId, open);
  const sentence = useHistorySentence();
  return (
    <details className="side-panel__history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h3>{t('ticketView.panel.history')}</h3>
      </summary>
      {history.isPending ? (
        open && <p role="status">{t('ticketView.panel.loadingHistory')}</p>
      ) : history.isError ? (
        <RetryAlert text={t('ticketView.panel.historyFailed')} onRetry={() => void history.refetch()} />
      ) : history.data.length === 0 ? (
        <p>{t('ticketView.panel.noHistory')}</p>
      ) : (
        <ol className="history">
          {history.data.map((h) => (
            <li key={h.id}>
              <time dateTime={h.at}>{formatDate(h.at, lang)}</time> {sentence(h)}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
