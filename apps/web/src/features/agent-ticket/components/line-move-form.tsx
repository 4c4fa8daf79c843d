import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/api-error';
import type { LineMove } from '@/lib/support-lines';
import { useReplyToTicket } from '@/lib/tickets/reply';
import { newIdempotencyKey } from '@/lib/tickets/use-reply-composer';
import '../line-strings';
import { AssignmentGuide } from './assignment-guide';

type LineMoveFormProps = {
  ticketId: number;
  move: LineMove;
  onDone: (message: string) => void;
  onCancel: () => void;
};

/**
 * A move to another line of support from the side panel: asks for the summary (up) or the
 * reason (down) and saves it as an internal note with the group change, in one update. The
 * desk's refusal (422, e.g. a skipped line) is shown as it comes.
 */
export function LineMoveForm({ ticketId, move, onDone, onCancel }: LineMoveFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const reply = useReplyToTicket(ticketId);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const key = useRef(newIdempotencyKey());
  const unit = move.target.name;
  const up = move.direction === 'up';

  return (
    <form
      className="line-move"
      aria-labelledby={`${id}-label`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) {
          setError(t('lineGuard.needText'));
          return;
        }
        setError('');
        reply.mutate(
          {
            reply: {
              body: text.trim(),
              content_type: 'text/plain',
              internal: true,
              group_id: move.target.id,
            },
            idempotencyKey: key.current,
          },
          {
            onSuccess: () => onDone(t('lineGuard.moved', { unit })),
            onError: (err) => {
              if (isApiError(err) && err.status < 500) key.current = newIdempotencyKey();
              setError(err.message);
            },
          },
        );
      }}
    >
      <label id={`${id}-label`} htmlFor={`${id}-text`}>
        {t(up ? 'lineGuard.summaryLabel' : 'lineGuard.reasonLabel', { unit })}
      </label>
      <p id={`${id}-hint`}>
        {t(up ? 'lineGuard.upNotice' : 'lineGuard.downNotice', { unit, line: t(`lines.ordinal.${move.to}`) })}
      </p>
      <AssignmentGuide group={move.target} />
      <textarea
        id={`${id}-text`}
        aria-required="true"
        value={text}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      {error && (
        <p id={`${id}-error`} role="alert" className="form-error">
          {error}
        </p>
      )}
      <div>
        <button type="submit" className="button" disabled={reply.isPending}>
          {t(up ? 'lineGuard.moveUp' : 'lineGuard.moveDown')}
        </button>{' '}
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('lineGuard.cancel')}
        </button>
      </div>
    </form>
  );
}
