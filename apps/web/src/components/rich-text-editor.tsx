import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import './editor-strings';
import './rich-text-editor.css';

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

// ProseMirror and TipTap are about 100 kB gzipped: they load with the first form that needs them.
const Editor = lazy(() => import('./rich-text-editor-impl'));

/** A rich-text editor (TipTap), loaded on first use; a plain placeholder box shows meanwhile. */
export function RichTextEditor(props: RichTextEditorProps) {
  return (
    <Suspense fallback={<EditorFallback />}>
      <Editor {...props} />
    </Suspense>
  );
}

function EditorFallback() {
  const { t } = useTranslation();
  return (
    <div className="rte rte--loading">
      <div className="rte__content" role="status">
        {t('editor.loading')}
      </div>
    </div>
  );
}

/** Loads the editor's code ahead of need (e.g. when a form opens). */
export function preloadRichTextEditor(): void {
  void import('./rich-text-editor-impl');
}
