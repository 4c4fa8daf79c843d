import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentPicker } from '@/components/attachment-picker';
import { RichTextEditor, type RichTextEditorHandle } from '@/components/rich-text-editor';
import { isApiError } from '@/lib/api-error';
import { type ReplyDraft, submitOnCtrlEnter, useReplyComposer } from '@/lib/tickets/use-reply-composer';
import '../compose-strings';
import '../tickets.css';
import { ComposeFooter } from './compose-footer';

const storageKey = (ticketId: number) => `eosc.reply-draft.${ticketId}`;

/** The draft kept on this device, or nothing (a corrupt one is not worth an error). */
function load(ticketId: number): Partial<ReplyDraft> {
  try {
    const raw = globalThis.localStorage?.getItem(storageKey(ticketId));
    if (!raw) return {};
    const d = JSON.parse(raw) as Partial<ReplyDraft>;
    return {
      body: typeof d.body === 'string' ? d.body : '',
      attachments: Array.isArray(d.attachments) ? d.attachments : [],
      ...(typeof d.idempotencyKey === 'string' ? { idempotencyKey: d.idempotencyKey } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * The customer's reply: rich text and files, kept in localStorage (this device) across reloads
 * until sent, sent once per draft (useReplyComposer, shared with the agent's composer).
 */
export function ReplyForm({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const id = useId();
  const composer = useReplyComposer(ticketId, () => load(ticketId));
  const { draft, update } = composer;
  const editor = useRef<RichTextEditorHandle>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    const key = storageKey(ticketId);
    if (!draft.body && draft.attachments.length === 0) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, JSON.stringify(draft));
  }, [ticketId, draft]);

  const submit = () => {
    const held = composer.send({ internal: false }, { onSent: () => setStatus(t('compose.reply.sent')) });
    if (held === 'uploading') setProblem(t('compose.waitForUploads'));
    else if (held === 'empty') {
      setProblem(t('compose.replyRequired'));
      editor.current?.focus();
    } else if (held === null) {
      setProblem(null);
      setStatus('');
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit();
  };

  const errorText = composer.error
    ? isApiError(composer.error)
      ? composer.error.message
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
          disabled={composer.isPending}
          onKeyDown={submitOnCtrlEnter(submit)}
          {...(errorText ? { describedBy: `${id}-error` } : {})}
        />
      </div>
      {composer.expired > 0 && (
        <p className="attach-notice" role="status">
          {t('compose.filesExpired', { count: composer.expired })}
        </p>
      )}
      <AttachmentPicker
        value={draft.attachments}
        onChange={(attachments) => update({ attachments })}
        onBusyChange={composer.setUploading}
        disabled={composer.isPending}
      />
      <ComposeFooter
        error={errorText}
        errorId={`${id}-error`}
        hint={t('compose.reply.draftKept')}
        busy={composer.isPending}
        submitLabel={t('compose.reply.submit')}
        busyLabel={t('compose.reply.sending')}
      >
        <output aria-live="polite">{status}</output>
      </ComposeFooter>
    </form>
  );
}
