import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './ui-strings';
import './status.css';

type StatusProps = {
  /** `loading` while waiting, `error` when something failed (then offer `onRetry` if it helps). */
  tone?: 'loading' | 'error' | 'info';
  children: ReactNode;
  onRetry?: () => void;
  /** Shown after an error message so people can quote it to support. */
  requestId?: string | undefined;
};

/** The one loading / error / empty-state message, announced politely to assistive technology. */
export function Status({ tone = 'info', children, onRetry, requestId }: StatusProps) {
  const { t } = useTranslation();
  return (
    <div role="status" className={`status status--${tone}`} aria-busy={tone === 'loading' || undefined}>
      {tone === 'loading' && <span className="status__spinner" aria-hidden="true" />}
      <p className="status__message">{children}</p>
      {requestId && <p className="status__detail">{t('ui.reference', { id: requestId })}</p>}
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('ui.tryAgain')}
        </button>
      )}
    </div>
  );
}
