import { useTranslation } from 'react-i18next';
import { formatDate, useLanguage } from '@/lib/i18n';
import { dueStatus, dueWords, type SlaTicket } from '@/lib/sla';
import { useHelpdeskNow } from '@/lib/use-now';
import './due-badge-strings';
import './due-badge.css';

type DueBadgeProps = {
  ticket: SlaTicket;
  /** What to show when no due time runs (default: nothing). */
  empty?: 'dash' | 'nothing';
};

/**
 * The time left before a ticket's next SLA due time: neutral while on time, amber from the
 * escalation warning (75 %), red once passed. The colour is never the only sign: the words
 * say "left" or "overdue", an icon marks the warning and the breach, and the exact due time and
 * target are in the title and, for screen readers, in the text itself.
 */
export function DueBadge({ ticket, empty = 'nothing' }: DueBadgeProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const now = useHelpdeskNow();
  const status = dueStatus(ticket, now);
  if (!status) return empty === 'dash' ? <span className="due-none">{t('due.none')}</span> : null;
  const words = dueWords(status.left);
  const tone = t(`due.tone.${status.tone}`);
  const target = t(`due.target.${status.target ?? 'any'}`);
  const due = formatDate(status.due, language);
  const description =
    status.warningAt && status.tone === 'running'
      ? t('due.describeWarning', { tone, target, due, warning: formatDate(status.warningAt, language) })
      : t('due.describe', { tone, target, due });
  return (
    <span className={`due-badge due-badge--${status.tone}`} title={description} data-tone={status.tone}>
      {status.tone !== 'running' && (
        <span className="due-badge__icon" aria-hidden="true">
          {status.tone === 'breached' ? '●' : '▲'}
        </span>
      )}
      {t(words.key, { count: words.count })}
      <span className="visually-hidden">. {description}</span>
    </span>
  );
}
