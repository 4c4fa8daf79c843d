import { type FormEvent, useId } from 'react';
import { isApiError } from '@/lib/api-error';
import { useCreateTicket } from '../api/create-ticket';
import type { TicketSummary } from '../api/types';

// The BFF's limits, repeated so the browser can stop the obvious mistakes early.
const TITLE_MAX = 200;
const BODY_MAX = 100_000;

type NewTicketFormProps = {
  onCreated: (ticket: TicketSummary) => void;
};

export function NewTicketForm({ onCreated }: NewTicketFormProps) {
  const createTicket = useCreateTicket();
  const id = useId();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The disabled button already blocks a second click; this also blocks a second Enter.
    if (createTicket.isPending) return;
    const form = new FormData(event.currentTarget);
    createTicket.mutate(
      { title: String(form.get('title') ?? '').trim(), body: String(form.get('body') ?? '') },
      { onSuccess: onCreated },
    );
  }

  const errorId = `${id}-error`;
  return (
    <form
      className="form"
      onSubmit={handleSubmit}
      aria-describedby={createTicket.isError ? errorId : undefined}
    >
      {createTicket.isError && (
        <div id={errorId} role="alert" className="alert">
          {isApiError(createTicket.error)
            ? createTicket.error.message
            : 'The ticket could not be created. Please try again.'}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} name="title" type="text" maxLength={TITLE_MAX} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>Message</label>
        <textarea id={`${id}-body`} name="body" rows={10} maxLength={BODY_MAX} required />
      </div>
      <div className="form__actions">
        <button type="submit" className="button" disabled={createTicket.isPending}>
          {createTicket.isPending ? 'Sending…' : 'Create ticket'}
        </button>
      </div>
    </form>
  );
}
