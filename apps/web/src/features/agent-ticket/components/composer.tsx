import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { htmlToText } from '@/lib/html-to-text';
import { type DraftInput, deleteDraft, saveDraft, useDraft } from '../api/draft';
import { type TextModule, useTextModules } from '../api/text-modules';
import { useSendReply } from '../api/ticket-actions';

/** How long the composer waits after the last keystroke before saving the draft. */
export const DRAFT_DEBOUNCE_MS = 800;

export type ComposerHandle = { focus: (internal: boolean) => void };
type ComposerProps = {
  ticketId: number;
  states: { id: number; name: string }[];
  /** Values for Zammad's `#{ticket.…}` placeholders in text modules. */
  placeholders?: Record<string, string>;
  /** Called on every change of the text (collision detection: "… is typing"). */
  onTyping?: () => void;
};

const newKey = () => globalThis.crypto.randomUUID();

/** Fills `#{ticket.customer.firstname}` and the like; unknown placeholders stay visible. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/#\{([a-z_.]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The `::query` just before the caret, if the agent is asking for a text module. */
function moduleQuery(text: string, caret: number): string | null {
  const m = /(?:^|\s)::([\p{L}\p{N}_-]*)$/u.exec(text.slice(0, caret));
  return m ? (m[1] ?? '') : null;
}

function matches(modules: TextModule[], q: string): TextModule[] {
  const needle = q.toLowerCase();
  return modules
    .filter(
      (m) => !needle || m.name.toLowerCase().includes(needle) || m.keywords.toLowerCase().includes(needle),
    )
    .slice(0, 8);
}

/**
 * A public reply or an internal note. The text is saved to the ticket's shared draft as the
 * agent types (debounced) and restored on reload; sending deletes it. `::` offers text modules.
 */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer(props, ref) {
  const draft = useDraft(props.ticketId);
  if (draft.isPending) return <p className="composer">Loading the draft…</p>;
  return <ComposerForm ref={ref} {...props} initial={draft.data ?? null} />;
});

const ComposerForm = forwardRef<ComposerHandle, ComposerProps & { initial: DraftInput | null }>(
  function ComposerForm({ ticketId, states, placeholders = {}, initial, onTyping }, ref) {
    const [body, setBody] = useState(initial?.body ?? '');
    const [internal, setInternal] = useState(initial?.internal ?? false);
    const [stateId, setStateId] = useState<number | null>(initial?.state_id ?? null);
    const [caret, setCaret] = useState(0);
    const [pick, setPick] = useState(0);
    const [status, setStatus] = useState('');
    const area = useRef<HTMLTextAreaElement>(null);
    const key = useRef(newKey());
    const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
    const pending = useRef<DraftInput | null>(null);
    const sending = useRef(false);
    const send = useSendReply(ticketId);
    const modules = useTextModules();

    useImperativeHandle(ref, () => ({
      focus: (asNote: boolean) => {
        setInternal(asNote);
        area.current?.focus();
      },
    }));

    const save = useCallback(
      (next: DraftInput) => {
        pending.current = next;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          pending.current = null;
          void saveDraft(ticketId, next).then(
            () => setStatus('Draft saved.'),
            () => setStatus('The draft could not be saved.'),
          );
        }, DRAFT_DEBOUNCE_MS);
      },
      [ticketId],
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
      const merged = { body, internal, state_id: stateId, ...next };
      if (next.body !== undefined) setBody(next.body);
      if (next.internal !== undefined) setInternal(next.internal);
      if (next.state_id !== undefined) setStateId(next.state_id);
      save(merged);
    };

    const query = moduleQuery(body, caret);
    const suggestions = query === null ? [] : matches(modules.data ?? [], query);

    const insert = (m: TextModule) => {
      const before = body.slice(0, caret).replace(/::[\p{L}\p{N}_-]*$/u, '');
      const text = fillPlaceholders(htmlToText(m.content), placeholders);
      const next = before + text + body.slice(caret);
      update({ body: next });
      const at = before.length + text.length;
      setCaret(at);
      requestAnimationFrame(() => area.current?.setSelectionRange(at, at));
    };

    const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
      if (suggestions.length === 0) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setPick((p) => (p + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
      } else if (e.key === 'Enter' || e.key === 'Tab') {
        const m = suggestions[Math.min(pick, suggestions.length - 1)];
        if (m) {
          e.preventDefault();
          insert(m);
        }
      } else if (e.key === 'Escape') {
        setCaret(-1);
      }
    };

    const onSubmit = (e: React.FormEvent) => {
      e.preventDefault();
      // A ref, not isPending: two clicks in one frame both see isPending false.
      if (!body.trim() || sending.current) return;
      sending.current = true;
      clearTimeout(timer.current);
      pending.current = null;
      send.mutate(
        { reply: { body, internal }, key: key.current, state_id: stateId },
        {
          onSuccess: () => {
            key.current = newKey();
            setBody('');
            setStateId(null);
            setStatus(internal ? 'Note added.' : 'Reply sent.');
            void deleteDraft(ticketId);
          },
          onError: (error) => setStatus(error.message),
          onSettled: () => {
            sending.current = false;
          },
        },
      );
    };

    return (
      <form className="composer" aria-label="Reply" onSubmit={onSubmit}>
        <fieldset className="composer__kind">
          <legend className="visually-hidden">Kind of message</legend>
          <label>
            <input
              type="radio"
              name="kind"
              checked={!internal}
              onChange={() => update({ internal: false })}
            />{' '}
            Public reply
          </label>
          <label>
            <input type="radio" name="kind" checked={internal} onChange={() => update({ internal: true })} />{' '}
            Internal note
          </label>
        </fieldset>
        <label htmlFor="composer-body" className="visually-hidden">
          {internal ? 'Internal note' : 'Reply'}
        </label>
        <textarea
          id="composer-body"
          ref={area}
          className={internal ? 'composer__body composer__body--internal' : 'composer__body'}
          rows={6}
          value={body}
          placeholder={
            internal
              ? 'Internal note (agents only)… type :: for text modules'
              : 'Reply to the customer… type :: for text modules'
          }
          onChange={(e) => {
            setCaret(e.target.selectionStart);
            setPick(0);
            update({ body: e.target.value });
            onTyping?.();
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
        />
        {suggestions.length > 0 && (
          <ul id="composer-modules" className="composer__modules" aria-label="Text modules">
            {suggestions.map((m, i) => (
              <li key={m.id}>
                <button
                  type="button"
                  className="link-button"
                  aria-current={i === pick || undefined}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => {
                    insert(m);
                    area.current?.focus();
                  }}
                >
                  {m.name}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="composer__actions">
          <label>
            State after sending{' '}
            <select
              value={stateId ?? ''}
              onChange={(e) => update({ state_id: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">Keep the state</option>
              {states.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={send.isPending || !body.trim()}>
            {internal ? 'Add note' : 'Send reply'}
          </button>
          <output aria-live="polite">{status}</output>
        </div>
      </form>
    );
  },
);
