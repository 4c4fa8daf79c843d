/** The editor's props and handles, shared by the light wrapper and the lazily loaded editor. */
export type MentionItem = { id: number; label: string };
/** A text module offered after `::`; its HTML replaces the typed `::query`. */
export type SnippetItem = { id: number; label: string; html: string };
export type RichTextEditorHandle = { focus(): void; insertHtml(html: string): void; clear(): void };

export interface RichTextEditorProps {
  /** Initial / controlled HTML ('' when empty). */
  value: string;
  onChange: (html: string, text: string) => void;
  /** Accessible name of the editable area. */
  label: string;
  id?: string;
  placeholder?: string;
  disabled?: boolean;
  autoFocus?: boolean;
  /** Enables @mentions, rendered as Zammad's `<a data-mention-user-id>` links. */
  mentions?: (query: string) => Promise<MentionItem[]>;
  /** Enables `::` text modules. */
  snippets?: (query: string) => Promise<SnippetItem[]>;
  /** Called before the editor handles a key; return true when handled (e.g. Ctrl+Enter submits). */
  onKeyDown?: (event: KeyboardEvent) => boolean;
  /** Called on every edit by the person (not on programmatic changes). */
  onInput?: () => void;
  editorRef?: React.Ref<RichTextEditorHandle>;
  /** Extra class on the editable area (e.g. an internal-note tint). */
  className?: string;
  /** ids of elements describing the editable area (hints, errors). */
  describedBy?: string;
}
