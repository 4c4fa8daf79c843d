import { useCallback, useRef, useState } from 'react';
import { isApiError } from '../api-error';
import { htmlToText } from '../html-to-text';
import type { Upload } from '../uploads';
import { useKeptUploads } from '../use-kept-uploads';
import { type TicketReply, useReplyToTicket } from './reply';

/** What a reply being written holds: rich text, files, and the key that makes its submit idempotent. */
export type ReplyDraft = {
  /** HTML from the rich-text editor ('' when empty). */
  body: string;
  /** Files uploaded for this reply (ids the BFF keeps until sent or expired). */
  attachments: Upload[];
  /** One per draft: a doubled or retried submit of the same draft writes one article. */
  idempotencyKey: string;
};

/**
 * Why a submit did not go out: one is on its way, files are still uploading, there is no text,
 * or the caller's own `check` said no.
 */
export type HeldBack = 'sending' | 'uploading' | 'empty' | 'check';

type SendOptions = {
  /** The caller's last word before sending (e.g. a pending state needs a date); false holds back. */
  check?: () => boolean;
  onSent?: () => void;
  onError?: (error: Error) => void;
};

/** The rest of a reply: public or internal, and (agents) the ticket changes of the same submit. */
export type ReplyFields = Omit<TicketReply, 'body' | 'content_type' | 'attachments'>;

export const newIdempotencyKey = (): string => globalThis.crypto.randomUUID();

function fresh(): ReplyDraft {
  return { body: '', attachments: [], idempotencyKey: newIdempotencyKey() };
}

/**
 * A reply to one ticket as it is written and sent, shared by the customer's reply form and the
 * agent's composer (each keeps its draft where it belongs and adds its own fields): the text and
 * files, the upload state, kept files the BFF has forgotten, and one send per draft. After a
 * refusal (4xx) the changed draft is a new write and gets a new key; a network failure keeps it,
 * so the retry is recognised.
 */
export function useReplyComposer(ticketId: number, initial: () => Partial<ReplyDraft>) {
  const [draft, setDraft] = useState<ReplyDraft>(() => ({ ...fresh(), ...initial() }));
  const [uploading, setUploading] = useState(false);
  // A ref, not isPending: two submits in one frame both see isPending false.
  const sending = useRef(false);
  const reply = useReplyToTicket(ticketId);

  const update = useCallback(
    (patch: Partial<ReplyDraft> | ((d: ReplyDraft) => Partial<ReplyDraft>)) =>
      setDraft((d) => ({ ...d, ...(typeof patch === 'function' ? patch(d) : patch) })),
    [],
  );
  const expired = useKeptUploads(draft.attachments, (gone) =>
    update((d) => ({ attachments: d.attachments.filter((a) => !gone.has(a.id)) })),
  );
  const empty = !htmlToText(draft.body).trim();

  /** Sends the draft with `fields`; answers why it was held back, or null when it went out. */
  const send = (fields: ReplyFields, options: SendOptions = {}): HeldBack | null => {
    if (sending.current) return 'sending';
    if (uploading) return 'uploading';
    if (empty) return 'empty';
    if (options.check && !options.check()) return 'check';
    sending.current = true;
    const { body, attachments, idempotencyKey } = draft;
    reply.mutate(
      {
        reply: {
          body,
          content_type: 'text/html',
          ...fields,
          ...(attachments.length > 0 ? { attachments: attachments.map((a) => a.id) } : {}),
        },
        idempotencyKey,
      },
      {
        onSuccess: () => {
          setDraft(fresh());
          options.onSent?.();
        },
        onError: (error) => {
          if (isApiError(error) && error.status >= 400 && error.status < 500) {
            update({ idempotencyKey: newIdempotencyKey() });
          }
          options.onError?.(error);
        },
        onSettled: () => {
          sending.current = false;
        },
      },
    );
    return null;
  };

  return {
    draft,
    update,
    empty,
    uploading,
    setUploading,
    /** How many kept files the BFF no longer had (they left the draft). */
    expired,
    send,
    isPending: reply.isPending,
    error: reply.error,
  };
}

/** The editor's keys: Ctrl+Enter (⌘+Enter) submits. */
export function submitOnCtrlEnter(submit: () => void) {
  return (e: KeyboardEvent): boolean => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return false;
    submit();
    return true;
  };
}
