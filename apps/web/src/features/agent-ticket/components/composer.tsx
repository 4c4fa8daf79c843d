import { forwardRef, useCallback, useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentPicker } from '@/components/attachment-picker';
import { RichTextEditor, type RichTextEditorHandle, type SnippetItem } from '@/components/rich-text-editor';
import { formatDate, languageOf } from '@/lib/i18n';
import { useAgents, useReference } from '@/lib/reference';
import { lineMove } from '@/lib/support-lines';
import { useTicket } from '@/lib/tickets/get-ticket';
import type { Article } from '@/lib/tickets/types';
import { submitOnCtrlEnter, useReplyComposer } from '@/lib/tickets/use-reply-composer';
import type { Upload } from '@/lib/uploads';
import { type DraftInput, deleteDraft, saveDraft, useDraft } from '../api/draft';
import { useTextModules } from '../api/text-modules';
import '../composer-strings';
import '../line-strings';
import { sanitizeArticle } from '@/lib/safe-html';
import { AfterSending } from './after-sending';
import { escapeHtml, fillPlaceholders, matches, textToHtml } from './composer-text';
import '../agent-ticket.css';

/** How long the composer waits after the last keystroke before saving the draft. */
export const DRAFT_DEBOUNCE_MS = 800;

export type QuotedArticle = Pick<Article, 'body' | 'content_type' | 'created_at' | 'from'> & {
  author?: { name: string } | null;
};
export type ComposerHandle = {
  focus: (internal: boolean) => void;
  /** "Reply with quote": the article as an e-mail style blockquote, then the caret after it. */
  quote: (article: QuotedArticle) => void;
};
type ComposerProps = {
  ticketId: number;
  states: { id: number; name: string; state_type?: string }[];
  /** Values for Zammad's `#{ticket.…}` placeholders in text modules. */
  placeholders?: Record<string, string>;
  /** Called on every change of the text (collision detection: "… is typing"). */
  onTyping?: () => void;
};

// The server draft holds text only; the files of a reply in progress stay in this tab.
const filesKey = (ticketId: number) => `eosc.composer-files.${ticketId}`;
function keptFiles(ticketId: number): Upload[] {
  try {
    const files = JSON.parse(globalThis.sessionStorage?.getItem(filesKey(ticketId)) ?? '[]') as unknown;
    return Array.isArray(files) ? (files as Upload[]) : [];
  } catch {
    return [];
  }
}

/**
 * A public reply or an internal note in rich text. The text is saved to the ticket's shared draft
 * as the agent types (debounced) and restored on reload; sending deletes it. `::` offers text
 * modules, `@` mentions colleagues, files attach, Ctrl+Enter sends.
 */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer(props, ref) {
  const { t } = useTranslation();
  const draft = useDraft(props.ticketId);
  if (draft.isPending) return <p className="composer">{t('composer.loadingDraft')}</p>;
  return <ComposerForm ref={ref} {...props} initial={draft.data ?? null} />;
});

const ComposerForm = forwardRef<ComposerHandle, ComposerProps & { initial: DraftInput | null }>(
  function ComposerForm({ ticketId, states, placeholders = {}, initial, onTyping }, ref) {
    const { t, i18n } = useTranslation();
    const id = useId();
    // Text, files and the one send per draft are shared with the portal's reply form.
    const composer = useReplyComposer(ticketId, () => ({
      body: initial?.body ?? '',
      attachments: keptFiles(ticketId),
    }));
    const { body, attachments } = composer.draft;
    const [internal, setInternal] = useState(initial?.internal ?? false);
    // A public reply may also go out by e-mail (Zammad's `email` article, with threading headers).
    const [byMail, setByMail] = useState(false);
    const [cc, setCc] = useState('');
    const [stateId, setStateId] = useState<number | null>(initial?.state_id ?? null);
    // The other "after sending" choices; null keeps the ticket's value.
    const [priorityId, setPriorityId] = useState<number | null>(initial?.priority_id ?? null);
    const [groupId, setGroupId] = useState<number | null>(initial?.group_id ?? null);
    const [owner, setOwner] = useState<number | 'unassigned' | null>(initial?.owner ?? null);
    const [pendingTime, setPendingTime] = useState<string | null>(initial?.pending_time ?? null);
    const [status, setStatus] = useState('');
    const editor = useRef<RichTextEditorHandle>(null);
    const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
    const pending = useRef<DraftInput | null>(null);
    const modules = useTextModules();
    const agents = useAgents();
    const { ticket } = useTicket(ticketId);
    const reference = useReference();
    // A move to another line of support goes with a note: the composer's text becomes it.
    const move = lineMove(reference.data?.groups, ticket.group_id, groupId);
    const asNote = internal || move !== null;
    const pendingInput = useRef<HTMLInputElement>(null);
    // The editor's suggestion callbacks outlive renders: they read the newest data from refs.
    const latest = useRef({ modules: modules.data, agents: agents.data, placeholders });
    latest.current = { modules: modules.data, agents: agents.data, placeholders };

    useEffect(() => {
      if (attachments.length === 0) globalThis.sessionStorage?.removeItem(filesKey(ticketId));
      else globalThis.sessionStorage?.setItem(filesKey(ticketId), JSON.stringify(attachments));
    }, [ticketId, attachments]);
    // Files the BFF forgot (hours idle) leave the list quietly (useReplyComposer); they were never sent.

    const save = useCallback(
      (next: DraftInput) => {
        pending.current = next;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          pending.current = null;
          void saveDraft(ticketId, next).then(
            () => setStatus(t('composer.draftSaved')),
            () => setStatus(t('composer.draftFailed')),
          );
        }, DRAFT_DEBOUNCE_MS);
      },
      [ticketId, t],
    );
    // Leaving the page must not lose the last keystrokes: save what is still waiting.
    useEffect(
      () => () => {
        clearTimeout(timer.current);
        if (pending.current) void saveDraft(ticketId, pending.current).catch(() => undefined);
      },
      [ticketId],
    );

    const update = (next: Partial<DraftInput>) => {
      const merged: DraftInput = {
        body,
        internal,
        state_id: stateId,
        priority_id: priorityId,
        group_id: groupId,
        owner,
        pending_time: pendingTime,
        ...next,
      };
      if (next.body !== undefined) composer.update({ body: next.body });
      if (next.internal !== undefined) setInternal(next.internal);
      if (next.state_id !== undefined) setStateId(next.state_id);
      if (next.priority_id !== undefined) setPriorityId(next.priority_id);
      if (next.group_id !== undefined) setGroupId(next.group_id);
      if (next.owner !== undefined) setOwner(next.owner);
      if (next.pending_time !== undefined) setPendingTime(next.pending_time);
      save(merged);
    };

    const chosenState = stateId === null ? undefined : states.find((s) => s.id === stateId);
    const pendingState = chosenState?.state_type?.startsWith('pending') ?? false;

    useImperativeHandle(ref, () => ({
      focus: (asNote: boolean) => {
        setInternal(asNote);
        editor.current?.focus();
      },
      quote: (article) => {
        const name = article.author?.name ?? article.from;
        const date = formatDate(article.created_at, languageOf(i18n.language));
        const quoted =
          article.content_type === 'text/html'
            ? sanitizeArticle(article.body, false).html
            : textToHtml(article.body);
        editor.current?.focus();
        editor.current?.insertHtml(
          `<p>${escapeHtml(t('composer.quoteIntro', { date, name }))}</p><blockquote>${quoted}</blockquote><p></p>`,
        );
      },
    }));

    const snippets = useCallback(async (query: string): Promise<SnippetItem[]> => {
      const { modules: all = [], placeholders: values } = latest.current;
      return matches(all, query).map((m) => ({
        id: m.id,
        label: m.name,
        html: fillPlaceholders(m.content, values, true),
      }));
    }, []);

    const mentions = useCallback(async (query: string) => {
      const needle = query.toLowerCase();
      return (latest.current.agents ?? [])
        .filter((a) => !needle || a.name.toLowerCase().includes(needle))
        .slice(0, 8)
        .map((a) => ({ id: a.id, label: a.name }));
    }, []);

    const { empty, uploading } = composer;

    const submit = () => {
      // Nothing to send: the button says so by being disabled.
      if (empty) return;
      const held = composer.send(
        {
          internal: asNote,
          ...(byMail && !asNote
            ? { channel: 'email' as const, ...(cc.trim() ? { cc: cc.trim() } : {}) }
            : {}),
          ...(stateId !== null ? { state_id: stateId } : {}),
          ...(pendingState && pendingTime ? { pending_time: pendingTime } : {}),
          ...(priorityId !== null ? { priority_id: priorityId } : {}),
          ...(groupId !== null ? { group_id: groupId } : {}),
          ...(owner !== null ? { owner_id: owner === 'unassigned' ? null : owner } : {}),
        },
        {
          check: () => {
            if (!pendingState || pendingTime) return true;
            setStatus(t('composer.pendingTimeNeeded'));
            pendingInput.current?.focus();
            return false;
          },
          onSent: () => {
            setStateId(null);
            setPriorityId(null);
            setGroupId(null);
            setOwner(null);
            setPendingTime(null);
            setCc('');
            setStatus(
              move
                ? t('lineGuard.moved', { unit: move.target.name })
                : asNote
                  ? t('composer.noteAdded')
                  : t('composer.replySent'),
            );
            // The reply is sent: a draft that cannot be dropped now is not the agent's problem.
            deleteDraft(ticketId).catch(() => undefined);
          },
          onError: (error) => setStatus(error.message),
        },
      );
      if (held === 'uploading') setStatus(t('composer.waitForUploads'));
      if (held !== null) return;
      clearTimeout(timer.current);
      pending.current = null;
    };

    return (
      <form
        className="composer"
        aria-label={t('composer.form')}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <fieldset className="composer__kind">
          <legend className="visually-hidden">{t('composer.kind')}</legend>
          <label>
            <input
              type="radio"
              name="kind"
              checked={!asNote && !byMail}
              disabled={move !== null}
              aria-describedby={move ? `${id}-line` : undefined}
              onChange={() => {
                setByMail(false);
                update({ internal: false });
              }}
            />{' '}
            {t('composer.publicReply')}
          </label>
          <label>
            <input
              type="radio"
              name="kind"
              checked={!asNote && byMail}
              disabled={move !== null}
              aria-describedby={`${id}-mail`}
              onChange={() => {
                setByMail(true);
                update({ internal: false });
              }}
            />{' '}
            {t('composer.emailReply')}
          </label>
          <label>
            <input
              type="radio"
              name="kind"
              checked={asNote}
              onChange={() => {
                setByMail(false);
                update({ internal: true });
              }}
            />{' '}
            {t('composer.internalNote')}
          </label>
        </fieldset>
        {byMail && !asNote && (
          <div className="composer__mail">
            <p className="hint" id={`${id}-mail`}>
              {t('composer.emailHint')}
            </p>
            <label htmlFor={`${id}-cc`}>{t('composer.cc')}</label>
            <input
              id={`${id}-cc`}
              type="text"
              inputMode="email"
              autoComplete="off"
              value={cc}
              onChange={(e) => setCc(e.target.value)}
            />
          </div>
        )}
        <p className="composer__line-note" id={`${id}-line`} aria-live="polite">
          {move &&
            t(move.direction === 'up' ? 'lineGuard.upNotice' : 'lineGuard.downNotice', {
              unit: move.target.name,
              line: t(`lines.ordinal.${move.to}`),
            })}
        </p>
        <RichTextEditor
          id={`${id}-body`}
          label={
            move
              ? t(move.direction === 'up' ? 'lineGuard.summaryLabel' : 'lineGuard.reasonLabel', {
                  unit: move.target.name,
                })
              : asNote
                ? t('composer.noteLabel')
                : t('composer.replyLabel')
          }
          placeholder={asNote ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
          className={asNote ? 'composer__body composer__body--internal' : 'composer__body'}
          value={body}
          onChange={(html) => update({ body: html })}
          onInput={onTyping}
          snippets={snippets}
          mentions={mentions}
          editorRef={editor}
          describedBy={move ? `${id}-line ${id}-shortcut` : `${id}-shortcut`}
          onKeyDown={submitOnCtrlEnter(submit)}
        />
        <AttachmentPicker
          value={attachments}
          onChange={(files) => composer.update({ attachments: files })}
          onBusyChange={composer.setUploading}
        />
        <AfterSending
          states={states}
          ticketGroupId={ticket.group_id}
          choice={{
            state_id: stateId,
            pending_time: pendingTime,
            priority_id: priorityId,
            group_id: groupId,
            owner,
          }}
          pendingState={pendingState}
          pendingInput={pendingInput}
          onChange={update}
        />
        <div className="composer__actions">
          <button type="submit" className="button" disabled={composer.isPending || empty || uploading}>
            {move
              ? t(move.direction === 'up' ? 'lineGuard.moveUp' : 'lineGuard.moveDown')
              : asNote
                ? t('composer.addNote')
                : t('composer.sendReply')}
          </button>
          <span className="hint" id={`${id}-shortcut`}>
            {t('composer.shortcut')}
          </span>
          <output aria-live="polite">{status}</output>
        </div>
      </form>
    );
  },
);
