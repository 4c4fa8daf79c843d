import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ShortcutsHelp } from './shortcuts-help';

// jsdom has no modal dialogs: a stand-in that records the modal opening.
const showModal = vi.fn(function (this: HTMLDialogElement) {
  if (this.open) throw new DOMException('Already open', 'InvalidStateError');
  this.setAttribute('open', '');
});
const close = vi.fn(function (this: HTMLDialogElement) {
  if (!this.open) return;
  this.removeAttribute('open');
  this.dispatchEvent(new Event('close'));
});

beforeEach(() => {
  HTMLDialogElement.prototype.showModal = showModal;
  HTMLDialogElement.prototype.close = close;
});
afterEach(() => {
  delete (HTMLDialogElement.prototype as Partial<HTMLDialogElement>).showModal;
  delete (HTMLDialogElement.prototype as Partial<HTMLDialogElement>).close;
  showModal.mockClear();
  close.mockClear();
});

function Page({ onKey }: { onKey: (key: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a page listening for its shortcuts
    <div onKeyDown={(e) => onKey(e.key)}>
      <button type="button" onClick={() => setOpen(true)}>
        Shortcuts
      </button>
      <ShortcutsHelp open={open} onClose={() => setOpen(false)} shortcuts={[['j / k', 'Next or previous']]} />
    </div>
  );
}

describe('the shortcuts dialog', () => {
  it('opens modally, takes focus, closes with Esc and gives focus back to the opener', async () => {
    const user = userEvent.setup();
    const keys: string[] = [];
    const { container } = render(<Page onKey={(k) => keys.push(k)} />);
    const dialog = container.querySelector('dialog') as HTMLDialogElement;
    expect(dialog).not.toHaveAttribute('open');
    const opener = screen.getByRole('button', { name: 'Shortcuts' });
    await user.click(opener);
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Close' })).toHaveFocus();
    keys.length = 0;
    await user.keyboard('c');
    expect(keys).toEqual([]); // the page's shortcuts stay out while it is open
    await user.keyboard('{Escape}');
    expect(dialog).not.toHaveAttribute('open');
    expect(opener).toHaveFocus();
    // and again, closed with its button
    await user.click(opener);
    expect(showModal).toHaveBeenCalledTimes(2);
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(dialog).not.toHaveAttribute('open');
    expect(opener).toHaveFocus();
  });
});
