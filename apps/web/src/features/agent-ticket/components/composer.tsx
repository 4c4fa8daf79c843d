import { forwardRef, useCallback, useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentPicker } from '@/components/attachment-picker';
import { RichTextEditor, type RichTextEditorHandle, type SnippetItem } from '@/components/rich-text-editor';
import { htmlToText } from '@/lib/html-to-text';
import { formatDate, languageOf } from '@/lib/i18n';
import { useAgents, useReference } from '@/lib/reference';
import { useSession } from '@/lib/session';
import { useTicket } from '@/lib/tickets/get-ticket';
import type { Article } from '@/lib/tickets/types';
import type { Upload } from '@/lib/uploads';
import { useKeptUploads } from '@/lib/use-kept-uploads';
import { type DraftInput, deleteDraft, saveDraft, useDraft } from '../api/draft';
import { type TextModule, useTextModules } from '../api/text-modules';
import { useSendReply } from '../api/ticket-actions';
import '../composer-strings';
import { priorityLabel, stateLabel } from '@/lib/helpdesk-names';
import { sanitizeArticle } from '@/lib/safe-html';

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

const newKey = () => globalThis.crypto.randomUUID();

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

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Fills `#{ticket.customer.firstname}` and the like; unknown placeholders stay visible. */
export function fillPlaceholders(text: string, values: Record<string, string>, asHtml = false): string {
  return text.replace(/#\{([a-z_.]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return asHtml ? escapeHtml(value) : value;
  });
}

function matches(modules: TextModule[], q: string): TextModule[] {
  const needle = q.toLowerCase();
  return modules
    .filter(
      (m) => !needle || m.name.toLowerCase().includes(needle) || m.keywords.toLowerCase().includes(needle),
    )
    .slice(0, 8);
}

/** An ISO time as the value of a `datetime-local` input (the reader's local time). */
function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (local time) as ISO, or null when empty or invalid. */
function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Plain text as paragraphs, line breaks kept. */
function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
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
    const [body, setBody] = useState(initial?.body ?? '');
    const [internal, setInternal] = useState(initial?.internal ?? false);
    const [stateId, setStateId] = useState<number | null>(initial?.state_id ?? null);
    // The other "after sending" choices; null keeps the ticket's value.
    const [priorityId, setPriorityId] = useState<number | null>(initial?.priority_id ?? null);
    const [groupId, setGroupId] = useState<number | null>(initial?.group_id ?? null);
    const [owner, setOwner] = useState<number | 'unassigned' | null>(initial?.owner ?? null);
    const [pendingTime, setPendingTime] = useState<string | null>(initial?.pending_time ?? null);
    const [attachments, setAttachments] = useState<Upload[]>(() => keptFiles(ticketId));
    const [uploading, setUploading] = useState(false);
    const [status, setStatus] = useState('');
    const editor = useRef<RichTextEditorHandle>(null);
    const key = useRef(newKey());
    const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
    const pending = useRef<DraftInput | null>(null);
    const sending = useRef(false);
    const send = useSendReply(ticketId);
    const modules = useTextModules();
    const agents = useAgents();
    const reference = useReference();
    const me = useSession();
    const { ticket } = useTicket(ticketId);
    const pendingInput = useRef<HTMLInputElement>(null);
    // The editor's suggestion callbacks outlive renders: they read the newest data from refs.
    const latest = useRef({ modules: modules.data, agents: agents.data, placeholders });
    latest.current = { modules: modules.data, agents: agents.data, placeholders };

    useEffect(() => {
      if (attachments.length === 0) globalThis.sessionStorage?.removeItem(filesKey(ticketId));
      else globalThis.sessionStorage?.setItem(filesKey(ticketId), JSON.stringify(attachments));
    }, [ticketId, attachments]);
    // Files the BFF forgot (hours idle) leave the list quietly; they were never sent.
    useKeptUploads(attachments, (gone) => setAttachments((list) => list.filter((a) => !gone.has(a.id))));

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
      if (next.body !== undefined) setBody(next.body);
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
    // Owners come from the group the ticket will be in; agents whose groups are unknown stay listed.
    const targetGroup = groupId ?? ticket.group_id;
    const owners = (agents.data ?? []).filter(
      (a) => a.id !== me?.id && (a.group_ids === undefined || a.group_ids.includes(targetGroup)),
    );

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

    const empty = !htmlToText(body).trim();

    const submit = () => {
      // A ref, not isPending: two clicks in one frame both see isPending false.
      if (empty || sending.current) return;
      if (uploading) {
        setStatus(t('composer.waitForUploads'));
        return;
      }
      if (pendingState && !pendingTime) {
        setStatus(t('composer.pendingTimeNeeded'));
        pendingInput.current?.focus();
        return;
      }
      sending.current = true;
      clearTimeout(timer.current);
      pending.current = null;
      send.mutate(
        {
          reply: {
            body,
            content_type: 'text/html',
            internal,
            ...(attachments.length > 0 ? { attachments: attachments.map((a) => a.id) } : {}),
            ...(stateId !== null ? { state_id: stateId } : {}),
            ...(pendingState && pendingTime ? { pending_time: pendingTime } : {}),
            ...(priorityId !== null ? { priority_id: priorityId } : {}),
            ...(groupId !== null ? { group_id: groupId } : {}),
            ...(owner !== null ? { owner_id: owner === 'unassigned' ? null : owner } : {}),
          },
          key: key.current,
        },
        {
          onSuccess: () => {
            key.current = newKey();
            setBody('');
            setStateId(null);
            setPriorityId(null);
            setGroupId(null);
            setOwner(null);
            setPendingTime(null);
            setAttachments([]);
            setStatus(internal ? t('composer.noteAdded') : t('composer.replySent'));
            // The reply is sent: a draft that cannot be dropped now is not the agent's problem.
            deleteDraft(ticketId).catch(() => undefined);
          },
          onError: (error) => setStatus(error.message),
          onSettled: () => {
            sending.current = false;
          },
        },
      );
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
              checked={!internal}
              onChange={() => update({ internal: false })}
            />{' '}
            {t('composer.publicReply')}
          </label>
          <label>
            <input type="radio" name="kind" checked={internal} onChange={() => update({ internal: true })} />{' '}
            {t('composer.internalNote')}
          </label>
        </fieldset>
        <RichTextEditor
          id={`${id}-body`}
          label={internal ? t('composer.noteLabel') : t('composer.replyLabel')}
          placeholder={internal ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
          className={internal ? 'composer__body composer__body--internal' : 'composer__body'}
          value={body}
          onChange={(html) => update({ body: html })}
          onInput={onTyping}
          snippets={snippets}
          mentions={mentions}
          editorRef={editor}
          describedBy={`${id}-shortcut`}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              submit();
              return true;
            }
            return false;
          }}
        />
        <AttachmentPicker value={attachments} onChange={setAttachments} onBusyChange={setUploading} />
        <fieldset className="composer__after">
          <legend>{t('composer.afterSending')}</legend>
          <label>
            {t('composer.stateAfter')}{' '}
            <select
              value={stateId ?? ''}
              onChange={(e) => update({ state_id: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">{t('composer.keepState')}</option>
              {states.map((s) => (
                <option key={s.id} value={s.id}>
                  {stateLabel(s.name, t)}
                </option>
              ))}
            </select>
          </label>
          {pendingState && (
            <label>
              {t('composer.pendingTime')}{' '}
              <input
                ref={pendingInput}
                type="datetime-local"
                required
                value={toLocalInput(pendingTime)}
                onChange={(e) => update({ pending_time: fromLocalInput(e.target.value) })}
              />
            </label>
          )}
          <label>
            {t('composer.priorityAfter')}{' '}
            <select
              value={priorityId ?? ''}
              onChange={(e) => update({ priority_id: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">{t('composer.keepPriority')}</option>
              {(reference.data?.priorities ?? [])
                .filter((p) => p.active)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {priorityLabel(p.name, t)}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t('composer.groupAfter')}{' '}
            <select
              value={groupId ?? ''}
              onChange={(e) => update({ group_id: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">{t('composer.keepGroup')}</option>
              {(reference.data?.groups ?? [])
                .filter((g) => g.active)
                .map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t('composer.ownerAfter')}{' '}
            <select
              value={owner ?? ''}
              onChange={(e) => {
                const v = e.target.value;
                update({ owner: v === '' ? null : v === 'unassigned' ? 'unassigned' : Number(v) });
              }}
            >
              <option value="">{t('composer.keepOwner')}</option>
              {me && <option value={me.id}>{t('composer.ownerMe')}</option>}
              <option value="unassigned">{t('composer.unassigned')}</option>
              {owners.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <div className="composer__actions">
          <button type="submit" className="button" disabled={send.isPending || empty || uploading}>
            {internal ? t('composer.addNote') : t('composer.sendReply')}
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
