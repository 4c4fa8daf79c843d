import { useTranslation } from 'react-i18next';
import type { Group } from '@/lib/support-lines';
import type { TicketSummary } from '@/lib/tickets/types';
import '../line-strings';

/** The ticket's support unit: its quality-of-support level, line and assignment guide. */
export function UnitFacts({ ticket, group }: { ticket: TicketSummary; group: Group | undefined }) {
  const { t } = useTranslation();
  const unit = ticket.unit;
  if (!unit) return null;
  const guide = group?.assignment_guide?.trim();
  return (
    <section aria-labelledby="unit-facts-title" className="side-panel__unit">
      <h3 id="unit-facts-title">{t('unitFacts.title')}</h3>
      <dl className="facts">
        {unit.qos_level && (
          <div>
            <dt>{t('unitFacts.level')}</dt>
            <dd>{t(`lines.level.${unit.qos_level}`)}</dd>
          </div>
        )}
        {unit.support_line && (
          <div>
            <dt>{t('unitFacts.line')}</dt>
            <dd>{t(`lines.ordinal.${unit.support_line}`)}</dd>
          </div>
        )}
      </dl>
      {guide && (
        <details>
          <summary>{t('unitFacts.guide')}</summary>
          <p className="side-panel__guide">{guide}</p>
        </details>
      )}
    </section>
  );
}
