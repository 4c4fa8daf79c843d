import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type MergeResult, type MergeSource, useMergeTickets } from '../api/merge-tickets';
import '../strings';
import '../overviews.css';
import '@/components/agent-controls.css';

type MergeDialogProps = {
  open: boolean;
  tickets: (MergeSource & { title: string })[];
  onClose: () => void;
  onMerged: (result: MergeResult) => void;
};

const OTHER = 'other';

/** Chooses the target (one of the selection, or any ticket by number), confirms, merges in sequence. */
export function MergeDialog({ open, tickets, onClose, onMerged }: MergeDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [choice, setChoice] = useState('');
  const [number, setNumber] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState(0);
  const merge = useMergeTickets(setDone);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setChoice('');
      setNumber('');
      setError('');
      setDone(0);
      dialog.showModal?.();
    }
    if (!open && dialog.open) dialog.close?.();
  }, [open]);

  const targetNumber =
    choice === OTHER ? number.trim() : (tickets.find((x) => String(x.id) === choice)?.number ?? '');
  const sources = tickets.filter((x) => x.number !== targetNumber);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!targetNumber) return setError(t('bulk.mergeNeedTarget'));
    if (sources.length === 0) return setError(t('bulk.mergeSelf'));
    setError('');
    merge.mutate({ sources, targetNumber }, { onSuccess: onMerged });
  };

  return (
    <dialog
      ref={ref}
      className="merge-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      open={open || undefined}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>{t('bulk.mergeTitle')}</h2>
        <p>{t('bulk.mergeIntro')}</p>
        <fieldset disabled={merge.isPending}>
          <legend>{t('bulk.mergeTarget')}</legend>
          {tickets.map((x) => (
            <label key={x.id} className="merge-dialog__option">
              <input
                type="radio"
                name={`${id}-target`}
                value={String(x.id)}
                checked={choice === String(x.id)}
                onChange={(e) => setChoice(e.target.value)}
              />{' '}
              #{x.number} {x.title}
            </label>
          ))}
          <label className="merge-dialog__option">
            <input
              type="radio"
              name={`${id}-target`}
              value={OTHER}
              checked={choice === OTHER}
              onChange={(e) => setChoice(e.target.value)}
            />{' '}
            {t('bulk.mergeOther')}
          </label>
          {choice === OTHER && (
            <label className="merge-dialog__number">
              {t('bulk.mergeNumber')}{' '}
              <input
                value={number}
                inputMode="numeric"
                onChange={(e) => setNumber(e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
              />
            </label>
          )}
        </fieldset>
        {error && (
          <p id={`${id}-error`} role="alert" className="form-error">
            {error}
          </p>
        )}
        {merge.isPending && (
          <p role="status">{t('bulk.merging', { done: done + 1, count: sources.length })}</p>
        )}
        <div className="merge-dialog__actions">
          <button type="submit" className="button button--danger" disabled={merge.isPending || !targetNumber}>
            {t('bulk.mergeConfirm', { count: sources.length, number: targetNumber || '…' })}
          </button>
          <button type="button" onClick={onClose} disabled={merge.isPending}>
            {t('bulk.mergeCancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
