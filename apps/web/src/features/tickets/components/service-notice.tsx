import { useTranslation } from 'react-i18next';
import type { EoscService } from '@/lib/services';
import '../redirect-strings';

/**
 * What will happen to the request, for the service chosen: said before the person submits
 * (issue 16). Live, so a screen reader hears it when the choice changes.
 */
export function ServiceNotice({ id, service }: { id: string; service: EoscService | undefined }) {
  const { t } = useTranslation();
  const team = service ? service.provider || service.name : '';
  const text = !service
    ? t('serviceRoute.none')
    : service.integration === 'redirect' && service.mailing_list
      ? t('serviceRoute.redirect', { team, list: service.mailing_list })
      : service.integration === 'sync'
        ? t('serviceRoute.sync', { team })
        : t('serviceRoute.direct', { team });
  return (
    <p id={id} className="field__hint service-notice" aria-live="polite">
      {text}
    </p>
  );
}
