import { computePosition, flip, offset, shift } from '@floating-ui/dom';
import { type Editor, Extension } from '@tiptap/core';
import Mention from '@tiptap/extension-mention';
import { Placeholder } from '@tiptap/extensions';
import { PluginKey } from '@tiptap/pm/state';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Suggestion, { type SuggestionOptions, type SuggestionProps } from '@tiptap/suggestion';
import {
  type KeyboardEvent as ReactKeyboardEvent,
  useEffect,
  useId,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { MentionItem, RichTextEditorProps, SnippetItem } from './rich-text-editor-types';
import './editor-strings';

type Kind = 'mention' | 'snippet';
type Item = MentionItem | SnippetItem;
type Popup = {
  kind: Kind;
  items: Item[];
  active: number;
  command: (item: Item) => void;
  rect: (() => DOMRect | null) | null | undefined;
};
/** How the suggestion plugins (created once per editor) reach the component's current state. */
type Opened = { items: Item[]; choose: (item: Item) => void; rect: Popup['rect'] };
type Channel = {
  open: (kind: Kind, opened: Opened) => void;
  close: () => void;
  key: (event: KeyboardEvent) => boolean;
};

const MentionKey = new PluginKey('mention');
const SnippetKey = new PluginKey('snippets');

/** The editor's HTML, '' when there is nothing in it (so "required" checks stay simple). */
function htmlOf(editor: Editor): string {
  return editor.isEmpty ? '' : editor.getHTML();
}
function textOf(editor: Editor): string {
  return editor.getText({ blockSeparator: '\n' });
}

/** `::` text modules: the chosen module's HTML replaces the typed `::query`. */
const Snippets = Extension.create<{ suggestion: Omit<SuggestionOptions<Item, Item>, 'editor'> }>({
  name: 'snippets',
  addOptions() {
    return { suggestion: { char: '::', pluginKey: SnippetKey } };
  },
  addProseMirrorPlugins() {
    return [Suggestion({ editor: this.editor, ...this.options.suggestion })];
  },
});

/** Zammad's mention markup: `<a data-mention-user-id="7" href="#user/profile/7">@Name</a>`. */
const ZammadMention = Mention.extend({
  parseHTML() {
    return [
      {
        tag: 'a[data-mention-user-id]',
        // Above the Link mark's `a[href]`, so a saved draft's mentions come back as mentions.
        priority: 100,
        getAttrs: (el) => ({
          id: el.getAttribute('data-mention-user-id'),
          label: (el.textContent ?? '').replace(/^@/, ''),
        }),
      },
    ];
  },
});

/** The chosen item in the shape each plugin's `command` expects. */
type Choose<T> = (item: Item) => T;

function renderer<T>(kind: Kind, channel: React.RefObject<Channel | null>, shape: Choose<T>) {
  const open = (p: SuggestionProps<Item, T>) =>
    channel.current?.open(kind, {
      items: p.items,
      choose: (item) => p.command(shape(item)),
      rect: p.clientRect,
    });
  return () => ({
    onStart: open,
    onUpdate: open,
    onExit: () => channel.current?.close(),
    onKeyDown: ({ event }: { event: KeyboardEvent }) => channel.current?.key(event) ?? false,
  });
}

export default function RichTextEditorImpl(props: RichTextEditorProps) {
  const { t } = useTranslation();
  const uid = useId();
  const listId = `${uid}-suggestions`;
  const latest = useRef(props);
  latest.current = props;
  const channel = useRef<Channel | null>(null);
  const lastHtml = useRef(props.value);
  const [popup, setPopup] = useState<Popup | null>(null);
  const popupRef = useRef<Popup | null>(null);
  popupRef.current = popup;
  const popupEl = useRef<HTMLDivElement>(null);

  const editor = useEditor({
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    // The CSP forbids inline <style>: the editor's few rules live in rich-text-editor.css.
    injectCSS: false,
    editable: !props.disabled,
    autofocus: props.autoFocus ? 'end' : false,
    content: props.value,
    extensions: [
      StarterKit.configure({
        heading: false,
        horizontalRule: false,
        codeBlock: false,
        strike: false,
        underline: false,
        // No empty paragraph forced after lists and quotes: it would end up in every message.
        trailingNode: false,
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: 'https',
          protocols: ['http', 'https', 'mailto'],
          HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
        },
      }),
      Placeholder.configure({ placeholder: () => latest.current.placeholder ?? '' }),
      ZammadMention.configure({
        renderHTML: ({ node }) => [
          'a',
          { 'data-mention-user-id': node.attrs.id, href: `#user/profile/${node.attrs.id}` },
          `@${node.attrs.label ?? node.attrs.id}`,
        ],
        renderText: ({ node }) => `@${node.attrs.label ?? node.attrs.id}`,
        suggestion: {
          char: '@',
          pluginKey: MentionKey,
          allow: () => Boolean(latest.current.mentions),
          items: async ({ query }) => (await latest.current.mentions?.(query)) ?? [],
          command: ({ editor: ed, range, props: attrs }) => {
            ed.chain()
              .focus()
              .insertContentAt(range, [
                { type: 'mention', attrs: { id: attrs.id, label: attrs.label } },
                { type: 'text', text: ' ' },
              ])
              .run();
          },
          render: renderer('mention', channel, (item) => ({ id: String(item.id), label: item.label })),
        },
      }),
      Snippets.configure({
        suggestion: {
          char: '::',
          pluginKey: SnippetKey,
          allow: () => Boolean(latest.current.snippets),
          items: async ({ query }) => (await latest.current.snippets?.(query)) ?? [],
          command: ({ editor: ed, range, props: item }) => {
            ed.chain()
              .focus()
              .insertContentAt(range, 'html' in item ? item.html : item.label)
              .run();
          },
          render: renderer('snippet', channel, (item) => item),
        },
      }),
    ],
    editorProps: {
      handleKeyDown: (_view, event) => {
        // An open suggestion list owns the arrows, Enter and Escape.
        if (popupRef.current) return false;
        return latest.current.onKeyDown?.(event) ?? false;
      },
    },
    onUpdate: ({ editor: ed }) => {
      const html = htmlOf(ed);
      lastHtml.current = html;
      latest.current.onInput?.();
      latest.current.onChange(html, textOf(ed));
    },
  });

  channel.current = {
    open: (kind, { items, choose, rect }) => {
      const prev = popupRef.current;
      const next: Popup = {
        kind,
        items,
        active: prev && prev.kind === kind ? Math.min(prev.active, Math.max(0, items.length - 1)) : 0,
        command: choose,
        rect,
      };
      popupRef.current = next;
      setPopup(next);
    },
    close: () => {
      popupRef.current = null;
      setPopup(null);
    },
    key: (event) => {
      const current = popupRef.current;
      if (!current || current.items.length === 0) return false;
      const n = current.items.length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const active = (current.active + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
        const next = { ...current, active };
        popupRef.current = next;
        setPopup(next);
        return true;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        const item = current.items[current.active];
        if (item) current.command(item);
        return true;
      }
      // Escape: the plugin dismisses the suggestion and calls onExit.
      return false;
    },
  };

  // Outside changes of `value` (a restored draft, a cleared form) replace the content;
  // echoes of the editor's own onChange do not.
  useEffect(() => {
    if (props.value === lastHtml.current) return;
    lastHtml.current = props.value;
    if (htmlOf(editor) !== props.value) editor.commands.setContent(props.value, { emitUpdate: false });
  }, [editor, props.value]);

  useEffect(() => {
    editor.setEditable(!props.disabled, false);
  }, [editor, props.disabled]);

  // The editable's name, id and combobox state (ProseMirror only manages attributes it sets itself).
  const expanded = Boolean(popup && popup.items.length > 0);
  const activeId = expanded && popup ? `${listId}-${popup.active}` : undefined;
  useLayoutEffect(() => {
    const apply = () => {
      let dom: HTMLElement;
      try {
        dom = editor.view.dom as HTMLElement;
      } catch {
        // Not mounted yet: the 'mount' event below applies them.
        return;
      }
      const set = (name: string, value: string | undefined) =>
        value === undefined ? dom.removeAttribute(name) : dom.setAttribute(name, value);
      set('aria-label', props.label);
      set('aria-multiline', 'true');
      set('id', props.id);
      set('aria-describedby', props.describedBy);
      set('aria-disabled', props.disabled ? 'true' : undefined);
      const suggests = Boolean(props.mentions || props.snippets);
      set('aria-autocomplete', suggests ? 'list' : undefined);
      // role=textbox takes no aria-expanded: aria-controls and aria-activedescendant tell the list.
      set('aria-controls', expanded ? listId : undefined);
      set('aria-activedescendant', activeId);
    };
    apply();
    // EditorContent may mount the view again (a new element): set them there too.
    editor.on('mount', apply);
    return () => {
      editor.off('mount', apply);
    };
  }, [
    editor,
    props.label,
    props.id,
    props.describedBy,
    props.disabled,
    props.mentions,
    props.snippets,
    expanded,
    activeId,
    listId,
  ]);

  useImperativeHandle(
    props.editorRef,
    () => ({
      focus: () => {
        editor.commands.focus('end');
      },
      insertHtml: (html: string) => {
        editor.chain().focus().insertContent(html).run();
      },
      clear: () => {
        editor.commands.clearContent(true);
      },
    }),
    [editor],
  );

  // Keeps the list beside the caret, flipping above it near the bottom of the window.
  useLayoutEffect(() => {
    const el = popupEl.current;
    const rect = popup?.rect?.();
    if (!el || !rect) return;
    void computePosition({ getBoundingClientRect: () => rect }, el, {
      strategy: 'fixed',
      placement: 'bottom-start',
      middleware: [offset(4), flip(), shift({ padding: 8 })],
    }).then(({ x, y }) => {
      el.style.left = `${x}px`;
      el.style.top = `${y}px`;
    });
  }, [popup]);

  return (
    <div
      className={`rte${props.disabled ? ' rte--disabled' : ''}${props.className ? ` ${props.className}` : ''}`}
    >
      <Toolbar editor={editor} disabled={props.disabled ?? false} />
      <EditorContent editor={editor} className="rte__content" />
      {expanded && popup && (
        <div
          ref={popupEl}
          id={listId}
          role="listbox"
          className="rte__suggestions"
          aria-label={t(popup.kind === 'mention' ? 'editor.mentionList' : 'editor.snippetList')}
        >
          {popup.items.map((item, i) => (
            <div
              key={item.id}
              tabIndex={-1}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === popup.active}
              className="rte__suggestion"
              // Keep the focus (and the selection) in the editor.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => popup.command(item)}
              onKeyDown={() => undefined}
            >
              {popup.kind === 'mention' ? `@${item.label}` : item.label}
            </div>
          ))}
        </div>
      )}
      <div className="visually-hidden" aria-live="polite">
        {expanded && popup ? t('editor.suggestionCount', { count: popup.items.length }) : ''}
      </div>
    </div>
  );
}

type Mark = 'bold' | 'italic' | 'bulletList' | 'orderedList' | 'blockquote' | 'link' | 'code';
const BUTTONS: { mark: Mark; label: string; glyph: string }[] = [
  { mark: 'bold', label: 'editor.bold', glyph: 'B' },
  { mark: 'italic', label: 'editor.italic', glyph: 'I' },
  { mark: 'bulletList', label: 'editor.bulletList', glyph: '•≡' },
  { mark: 'orderedList', label: 'editor.orderedList', glyph: '1.' },
  { mark: 'blockquote', label: 'editor.quote', glyph: '❝' },
  { mark: 'link', label: 'editor.link', glyph: 'link' },
  { mark: 'code', label: 'editor.code', glyph: '</>' },
];

/** A chain link (emoji fonts are not everywhere). */
function LinkIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path
        d="M10 13a5 5 0 0 0 7.07 0l3-3a5 5 0 0 0-7.07-7.07l-1 1M14 11a5 5 0 0 0-7.07 0l-3 3a5 5 0 0 0 7.07 7.07l1-1"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </svg>
  );
}

function run(editor: Editor, mark: Exclude<Mark, 'link'>) {
  const chain = editor.chain().focus();
  if (mark === 'bold') chain.toggleBold().run();
  else if (mark === 'italic') chain.toggleItalic().run();
  else if (mark === 'bulletList') chain.toggleBulletList().run();
  else if (mark === 'orderedList') chain.toggleOrderedList().run();
  else if (mark === 'blockquote') chain.toggleBlockquote().run();
  else chain.toggleCode().run();
}

/** A toolbar with one tab stop; the arrow keys move between its buttons (WAI-ARIA toolbar). */
function Toolbar({ editor, disabled }: { editor: Editor; disabled: boolean }) {
  const { t } = useTranslation();
  const [focus, setFocus] = useState(0);
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('');
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const linkId = useId();
  const active = useEditorState({
    editor,
    selector: ({ editor: ed }) =>
      Object.fromEntries(BUTTONS.map((b) => [b.mark, ed.isActive(b.mark)])) as Record<Mark, boolean>,
  });

  const onKeyDown = (e: ReactKeyboardEvent) => {
    const n = BUTTONS.length;
    let next: number | null = null;
    if (e.key === 'ArrowRight') next = (focus + 1) % n;
    else if (e.key === 'ArrowLeft') next = (focus + n - 1) % n;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    if (next === null) return;
    e.preventDefault();
    setFocus(next);
    buttons.current[next]?.focus();
  };

  const applyLink = () => {
    const url = href.trim();
    const chain = editor.chain().focus().extendMarkRange('link');
    if (url) chain.setLink({ href: /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}` }).run();
    else chain.unsetLink().run();
    setLinkOpen(false);
  };

  return (
    <>
      <div role="toolbar" aria-label={t('editor.toolbar')} className="rte__toolbar" onKeyDown={onKeyDown}>
        {BUTTONS.map((b, i) => (
          <button
            key={b.mark}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            className={`rte__button rte__button--${b.mark}`}
            aria-label={t(b.label)}
            title={t(b.label)}
            aria-pressed={active?.[b.mark] ?? false}
            tabIndex={i === focus ? 0 : -1}
            disabled={disabled}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              setFocus(i);
              if (b.mark === 'link') {
                setHref((editor.getAttributes('link').href as string | undefined) ?? '');
                setLinkOpen(true);
              } else run(editor, b.mark);
            }}
          >
            {b.glyph === 'link' ? <LinkIcon /> : <span aria-hidden="true">{b.glyph}</span>}
          </button>
        ))}
      </div>
      {linkOpen && (
        <div className="rte__link">
          <label htmlFor={linkId}>{t('editor.linkAddress')}</label>
          <input
            id={linkId}
            type="url"
            value={href}
            // biome-ignore lint/a11y/noAutofocus: the field opens on the person's request
            autoFocus
            onChange={(e) => setHref(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                applyLink();
              } else if (e.key === 'Escape') {
                e.preventDefault();
                setLinkOpen(false);
                editor.commands.focus();
              }
            }}
          />
          <button type="button" className="button" onClick={applyLink}>
            {t('editor.linkApply')}
          </button>
          {active?.link && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                editor.chain().focus().extendMarkRange('link').unsetLink().run();
                setLinkOpen(false);
              }}
            >
              {t('editor.linkRemove')}
            </button>
          )}
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setLinkOpen(false);
              editor.commands.focus();
            }}
          >
            {t('editor.linkCancel')}
          </button>
        </div>
      )}
    </>
  );
}
