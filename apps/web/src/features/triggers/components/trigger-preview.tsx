import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Condition } from '@/components/condition-editor/condition-model';
import { useTriggerPreview } from '../api/triggers';

/** Waits until the condition has stopped changing for a moment, so typing asks the server once. */
function useSettled<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The open tickets a condition matches now: a count and the newest ten, updated as it is edited. */
export function TriggerPreview({ condition }: { condition: Condition | null }) {
  const { t } = useTranslation();
  const settled = useSettled(condition);
  const preview = useTriggerPreview(settled);
  return (
    <section className="trg-preview" aria-labelledby="trg-preview-heading" aria-busy={preview.isFetching}>
      <h3 id="trg-preview-heading">{t('trg.triggers.preview')}</h3>
      {preview.isError ? (
        <p role="alert" className="form-error">
          {t('trg.triggers.previewError', { message: preview.error.message })}
        </p>
      ) : preview.data ? (
        <>
          <p aria-live="polite">{t('trg.triggers.previewCount', { count: preview.data.total })}</p>
          {preview.data.ignored.length > 0 && (
            <p className="field-hint">
              {t('trg.triggers.previewIgnored', { names: preview.data.ignored.join(', ') })}
            </p>
          )}
          {preview.data.tickets.length > 0 && (
            <ul>
              {preview.data.tickets.map((ticket) => (
                <li key={ticket.id}>
                  <Link to={`/agent/tickets/${ticket.id}`}>
                    #{ticket.number} {ticket.title}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p>{t('trg.loading')}</p>
      )}
    </section>
  );
}
