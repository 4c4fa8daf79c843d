import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import './editor-strings';
import './rich-text-editor.css';
import type { RichTextEditorProps } from './rich-text-editor-types';

export type {
  MentionItem,
  RichTextEditorHandle,
  RichTextEditorProps,
  SnippetItem,
} from './rich-text-editor-types';

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
