import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import './shortcuts-strings';
import './shortcuts-help.css';

type ShortcutsHelpProps = { open: boolean; onClose: () => void; shortcuts: readonly [string, string][] };

/**
 * The keyboard shortcuts of the page, in a modal dialog (`?`). It is opened only with
 * `showModal()` (never the `open` attribute, which would make it a non-modal dialog): focus moves
 * in, Esc closes, and focus returns to where it was.
 */
export function ShortcutsHelp({ open, onClose, shortcuts }: ShortcutsHelpProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      if (!dialog.contains(document.activeElement)) closeButton.current?.focus();
    }
    if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
    if (!open && opener.current) {
      const back = opener.current;
      opener.current = null;
      if (back.isConnected) back.focus();
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="shortcuts"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        // The page's own shortcuts stay out while the dialog is open.
        e.stopPropagation();
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <dl>
        {shortcuts.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button ref={closeButton} type="button" onClick={onClose}>
        {t('shortcuts.close')}
      </button>
    </dialog>
  );
}

/** True when a key press is meant for a field, not a shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
