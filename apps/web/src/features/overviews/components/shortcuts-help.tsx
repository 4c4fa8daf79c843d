import { useEffect, useRef } from 'react';

export const INBOX_SHORTCUTS: readonly [string, string][] = [
  ['j / k', 'Next / previous ticket'],
  ['Enter or o', 'Open the ticket'],
  ['x', 'Select or unselect the ticket'],
  ['a', 'Assign the selected tickets (or this one) to me'],
  ['c', 'Close the selected tickets (or this one)'],
  ['/', 'Search tickets'],
  ['?', 'This help'],
];

type ShortcutsHelpProps = { open: boolean; onClose: () => void; shortcuts: readonly [string, string][] };

/** The keyboard shortcuts of the page, in a modal dialog (`?`). */
export function ShortcutsHelp({ open, onClose, shortcuts }: ShortcutsHelpProps) {
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
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
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
        Close
      </button>
    </dialog>
  );
}

/** True when a key press is meant for a field, not a shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
