import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './undo-strings';
import './undo-toast.css';

/** How long the Undo stays offered. */
export const UNDO_MS = 8000;

type Notice = { message: string; undo?: () => Promise<unknown> };

/**
 * A short-lived notice with an optional Undo (e.g. "Ticket #31007 closed — Undo"), in a live
 * region that is always in the page so screen readers announce it.
 */
export function useUndoToast(ms = UNDO_MS) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const show = useCallback(
    (next: Notice) => {
      clearTimeout(timer.current);
      setNotice(next);
      timer.current = setTimeout(() => setNotice(null), ms);
    },
    [ms],
  );
  useEffect(() => () => clearTimeout(timer.current), []);
  return { notice, show };
}

export function UndoToast({ notice, show }: { notice: Notice | null; show: (next: Notice) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const undo = notice?.undo;
  return (
    <div className="undo-toast" role="status" aria-live="polite">
      {notice && (
        <p className="undo-toast__message">
          {notice.message}
          {undo && (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                disabled={busy}
                onClick={() => {
                  setBusy(true);
                  undo()
                    .then(() => show({ message: t('undoClose.undone') }))
                    .catch((error: unknown) =>
                      show({
                        message: t('undoClose.failed', {
                          message: error instanceof Error ? error.message : String(error),
                        }),
                      }),
                    )
                    .finally(() => setBusy(false));
                }}
              >
                {t('undoClose.undo')}
              </button>
            </>
          )}
        </p>
      )}
    </div>
  );
}
