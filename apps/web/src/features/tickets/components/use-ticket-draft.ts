import { useCallback, useEffect, useState } from 'react';
import type { Upload } from '@/lib/uploads';
import { NO_TRIAGE, type TriageAnswers } from '../triage';

export type TicketDraft = {
  type: 'incident' | 'service_request';
  service: string;
  title: string;
  /** HTML from the rich-text editor ('' when empty); older drafts hold plain text. */
  body: string;
  /** Files uploaded for this draft (ids the BFF keeps until sent or expired). */
  attachments: Upload[];
  triage: TriageAnswers;
  /** One per draft: a doubled or retried submit of the same draft creates one ticket. */
  idempotencyKey: string;
};

const KEY = 'eosc.ticket-draft';

function newKey(): string {
  return globalThis.crypto.randomUUID();
}

function empty(): TicketDraft {
  return {
    type: 'incident',
    service: '',
    title: '',
    body: '',
    attachments: [],
    triage: NO_TRIAGE,
    idempotencyKey: newKey(),
  };
}

function load(): TicketDraft {
  try {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    if (!raw) return empty();
    const d = JSON.parse(raw) as Partial<TicketDraft>;
    return {
      ...empty(),
      ...d,
      triage: { ...NO_TRIAGE, ...(d.triage ?? {}) },
      attachments: Array.isArray(d.attachments) ? d.attachments : [],
      idempotencyKey: typeof d.idempotencyKey === 'string' ? d.idempotencyKey : newKey(),
    };
  } catch {
    // A corrupt draft is not worth an error page: start a new one.
    return empty();
  }
}

/** The new-ticket form's text, kept in sessionStorage (this tab) across reloads. */
export function useTicketDraft() {
  const [draft, setDraft] = useState<TicketDraft>(load);
  useEffect(() => {
    globalThis.sessionStorage?.setItem(KEY, JSON.stringify(draft));
  }, [draft]);
  const update = useCallback(
    (patch: Partial<TicketDraft> | ((d: TicketDraft) => Partial<TicketDraft>)) =>
      setDraft((d) => ({ ...d, ...(typeof patch === 'function' ? patch(d) : patch) })),
    [],
  );
  const clear = useCallback(() => {
    globalThis.sessionStorage?.removeItem(KEY);
    setDraft(empty());
  }, []);
  /** After a refused submit the person will change the draft: its next submit is a new write. */
  const renewKey = useCallback(() => setDraft((d) => ({ ...d, idempotencyKey: newKey() })), []);
  return { draft, update, clear, renewKey };
}
