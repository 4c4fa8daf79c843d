import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketDetail } from '@/lib/tickets/types';
import { useUpdateTicket } from '@/lib/tickets/update-ticket';
import '../ticket-strings';
import '../tickets.css';

type TicketStateActionsProps = {
  ticket: Pick<TicketDetail['ticket'], 'id' | 'number' | 'title' | 'state_type'>;
  followUp: TicketDetail['follow_up'];
};

/** The new-ticket form keeps its draft here (see use-ticket-draft.ts). */
const DRAFT_KEY = 'eosc.ticket-draft';

/**
 * Starts the new-ticket draft about the same service as a ticket that cannot take follow-ups,
 * without overwriting anything the person already wrote there.
 */
function seedFollowUpDraft(service: string | null, title: string) {
  try {
    const raw = globalThis.sessionStorage?.getItem(DRAFT_KEY);
    const draft = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const next = {
      ...draft,
      ...(service && !draft.service ? { service } : {}),
      ...(!draft.title ? { title } : {}),
    };
    globalThis.sessionStorage?.setItem(DRAFT_KEY, JSON.stringify(next));
  } catch {
    // No storage (private mode): the link still opens an empty form.
  }
}

/** What a customer may do with their ticket's state: close it, or reopen it. */
type CustomerStateChange = 'closed' | 'open';

/**
 * Close or reopen, following the ticket group's follow-up rule: a closed ticket whose group
 * wants a new ticket says so and links to a new one about the same service.
 */
export function TicketStateActions({ ticket, followUp }: TicketStateActionsProps) {
  const { t } = useTranslation();
  const mutation = useUpdateTicket(ticket.id);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<CustomerStateChange | null>(null);
  const titleId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) closeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const change = (state: CustomerStateChange) => {
    setDone(null);
    mutation.mutate(
      { state },
      {
        onSuccess: () => {
          setConfirming(false);
          setDone(state);
        },
      },
    );
  };

  const closed = ticket.state_type === 'closed';
  const merged = ticket.state_type === 'merged';
  const error = mutation.error ? t('stateActions.failed', { message: mutation.error.message }) : null;

  let body: ReactNode;
  if (merged) {
    body = <p>{t('stateActions.merged')}</p>;
  } else if (closed && !followUp.possible) {
    const service = followUp.service;
    const followUpTitle = t('stateActions.followUpTitle', { number: ticket.number, title: ticket.title });
    body = (
      <div className="state-actions__notice">
        <h2 className="state-actions__title">{t('stateActions.noFollowUpTitle')}</h2>
        <p>{t('stateActions.noFollowUp')}</p>
        <Link
          className="button"
          to={service ? `/tickets/new?service=${encodeURIComponent(service)}` : '/tickets/new'}
          onClick={() => seedFollowUpDraft(service, followUpTitle)}
        >
          {t('stateActions.newTicket')}
        </Link>
      </div>
    );
  } else if (closed) {
    body = (
      <>
        <p className="state-actions__hint">{t('stateActions.reopenHint')}</p>
        <button
          type="button"
          className="button button--secondary"
          disabled={mutation.isPending}
          onClick={() => change('open')}
        >
          {mutation.isPending ? t('stateActions.reopening') : t('stateActions.reopen')}
        </button>
      </>
    );
  } else if (confirming) {
    body = (
      <section className="state-actions__confirm" aria-labelledby={titleId}>
        <h2 id={titleId} className="state-actions__title">
          {t('stateActions.confirmTitle')}
        </h2>
        <p>{followUp.reopenable ? t('stateActions.confirmReopenable') : t('stateActions.confirmFinal')}</p>
        <div className="state-actions__buttons">
          <button
            ref={confirmRef}
            type="button"
            className="button"
            disabled={mutation.isPending}
            onClick={() => change('closed')}
          >
            {mutation.isPending ? t('stateActions.closing') : t('stateActions.confirm')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={mutation.isPending}
            onClick={() => {
              mutation.reset();
              setConfirming(false);
            }}
          >
            {t('stateActions.cancel')}
          </button>
        </div>
      </section>
    );
  } else {
    body = (
      <>
        <p className="state-actions__hint">{t('stateActions.closeHint')}</p>
        <button
          ref={closeRef}
          type="button"
          className="button button--secondary"
          onClick={() => {
            setDone(null);
            setConfirming(true);
          }}
        >
          {t('stateActions.close')}
        </button>
      </>
    );
  }

  return (
    <section className="state-actions" aria-label={t('stateActions.label')}>
      {body}
      {error && (
        <p role="alert" className="state-actions__error">
          {error}
        </p>
      )}
      <p role="status" className="visually-hidden">
        {done === 'closed' ? t('stateActions.closed') : done === 'open' ? t('stateActions.reopened') : ''}
      </p>
    </section>
  );
}
