import { useTranslation } from 'react-i18next';
import type { Group } from '@/lib/support-lines';
import '../line-strings';

/** The unit's guide for whoever assigns tickets to it, shown when it is picked as the target. */
export function AssignmentGuide({ group }: { group: Group | undefined }) {
  const { t } = useTranslation();
  const guide = group?.assignment_guide?.trim();
  if (!group || !guide) return null;
  return (
    <div
      className="assignment-guide"
      role="note"
      aria-label={t('lineGuard.guideTitle', { unit: group.name })}
    >
      <p className="assignment-guide__title">{t('lineGuard.guideTitle', { unit: group.name })}</p>
      <p>{guide}</p>
    </div>
  );
}
