import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import '../strings';

/** The inbox's shortcuts: keys and i18n keys of what they do (translate before showing). */
export const INBOX_SHORTCUTS: readonly [string, string][] = [
  ['j / k', 'shortcuts.next'],
  ['shortcuts.enterOrO', 'shortcuts.open'],
  ['x', 'shortcuts.select'],
  ['a', 'shortcuts.assign'],
  ['c', 'shortcuts.closeTickets'],
  ['/', 'shortcuts.search'],
  ['?', 'shortcuts.help'],
];

type ShortcutsHelpProps = { open: boolean; onClose: () => void; shortcuts: readonly [string, string][] };

/** The keyboard shortcuts of the page, in a modal dialog (`?`). */
export function ShortcutsHelp({ open, onClose, shortcuts }: ShortcutsHelpProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal?.();
    if (!open && dialog.open) dialog.close?.();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="shortcuts"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      open={open || undefined}
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
      <button type="button" onClick={onClose}>
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
