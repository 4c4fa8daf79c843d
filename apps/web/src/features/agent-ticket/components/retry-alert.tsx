import { useTranslation } from 'react-i18next';
import '../view-strings';

/** A side panel part that failed to load: what failed, and Retry. */
export function RetryAlert({ text, onRetry }: { text: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <p role="alert">
      {text}{' '}
      <button type="button" className="link-button" onClick={onRetry}>
        {t('ticketView.panel.retry')}
      </button>
    </p>
  );
}
