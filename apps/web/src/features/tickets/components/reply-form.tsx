import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentPicker } from '@/components/attachment-picker';
import { RichTextEditor, type RichTextEditorHandle } from '@/components/rich-text-editor';
import { isApiError } from '@/lib/api-error';
import { htmlToText } from '@/lib/html-to-text';
import type { Upload } from '@/lib/uploads';
import { useReplyToTicket } from '../api/reply-to-ticket';
import '../compose-strings';
import { useKeptUploads } from '@/lib/use-kept-uploads';

type ReplyDraft = { body: string; attachments: Upload[]; idempotencyKey: string };

const storageKey = (ticketId: number) => `eosc.reply-draft.${ticketId}`;
const newKey = () => globalThis.crypto.randomUUID();
const empty = (): ReplyDraft => ({ body: '', attachments: [], idempotencyKey: newKey() });

function load(ticketId: number): ReplyDraft {
  try {
    const raw = globalThis.localStorage?.getItem(storageKey(ticketId));
    if (!raw) return empty();
    const d = JSON.parse(raw) as Partial<ReplyDraft>;
    return {
      body: typeof d.body === 'string' ? d.body : '',
      attachments: Array.isArray(d.attachments) ? d.attachments : [],
      idempotencyKey: typeof d.idempotencyKey === 'string' ? d.idempotencyKey : newKey(),
    };
  } catch {
    // A corrupt draft is not worth an error: start a new one.
    return empty();
  }
}

/** The reply being written to one ticket, kept in localStorage (this device) until sent. */
function useReplyDraft(ticketId: number) {
  const [draft, setDraft] = useState<ReplyDraft>(() => load(ticketId));
  useEffect(() => {
    const key = storageKey(ticketId);
    if (!draft.body && draft.attachments.length === 0) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, JSON.stringify(draft));
  }, [ticketId, draft]);
  const update = useCallback(
    (patch: Partial<ReplyDraft> | ((d: ReplyDraft) => Partial<ReplyDraft>)) =>
      setDraft((d) => ({ ...d, ...(typeof patch === 'function' ? patch(d) : patch) })),
    [],
  );
  return { draft, update, reset: () => setDraft(empty()) };
}

/**
 * The customer's reply: rich text and files, kept across reloads, sent once per draft (the
 * Idempotency-Key belongs to the draft, so a double submit or a retry writes one article).
 */
export function ReplyForm({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const id = useId();
  const { draft, update, reset } = useReplyDraft(ticketId);
  const reply = useReplyToTicket(ticketId);
  const editor = useRef<RichTextEditorHandle>(null);
  const sending = useRef(false);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const expired = useKeptUploads(draft.attachments, (gone) =>
    update((d) => ({ attachments: d.attachments.filter((a) => !gone.has(a.id)) })),
  );

  const submit = () => {
    // A ref, not isPending: two submits in one frame both see isPending false.
    if (sending.current) return;
    if (uploading) return setProblem(t('compose.waitForUploads'));
    if (!htmlToText(draft.body).trim()) {
      setProblem(t('compose.replyRequired'));
      editor.current?.focus();
      return;
    }
    setProblem(null);
    setStatus('');
    sending.current = true;
    reply.mutate(
      {
        reply: {
          body: draft.body,
          content_type: 'text/html',
          internal: false,
          attachments: draft.attachments.map((a) => a.id),
        },
        idempotencyKey: draft.idempotencyKey,
      },
      {
        onSuccess: () => {
          reset();
          setStatus(t('compose.reply.sent'));
        },
        onError: (error) => {
          // Refused as such: the changed draft must be a new write. Network failures keep the key.
          if (isApiError(error) && error.status >= 400 && error.status < 500) {
            update({ idempotencyKey: newKey() });
          }
        },
        onSettled: () => {
          sending.current = false;
        },
      },
    );
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit();
  };

  const errorText = reply.isError
    ? isApiError(reply.error)
      ? reply.error.message
      : t('compose.reply.failed')
    : problem;

  return (
    <form className="form reply-form" aria-labelledby={`${id}-title`} onSubmit={onSubmit}>
      <h2 id={`${id}-title`}>{t('compose.reply.title')}</h2>
      <div className="field">
        <RichTextEditor
          label={t('compose.reply.label')}
          placeholder={t('compose.reply.placeholder')}
          value={draft.body}
          onChange={(html) => update({ body: html })}
          editorRef={editor}
          disabled={reply.isPending}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              submit();
              return true;
            }
            return false;
          }}
          {...(errorText ? { describedBy: `${id}-error` } : {})}
        />
      </div>
      {expired > 0 && (
        <p className="attach-notice" role="status">
          {t('compose.filesExpired', { count: expired })}
        </p>
      )}
      <AttachmentPicker
        value={draft.attachments}
        onChange={(attachments) => update({ attachments })}
        onBusyChange={setUploading}
        disabled={reply.isPending}
      />
      {errorText && (
        <p id={`${id}-error`} className="inline-error" role="alert">
          {errorText}
        </p>
      )}
      <p className="hint">{t('compose.reply.draftKept')}</p>
      <div className="form__actions">
        <button type="submit" className="button" disabled={reply.isPending}>
          {reply.isPending ? t('compose.reply.sending') : t('compose.reply.submit')}
        </button>
        <output aria-live="polite">{status}</output>
      </div>
    </form>
  );
}
