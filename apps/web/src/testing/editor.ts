import type { UserEvent } from '@testing-library/user-event';
import './jsdom-layout';

/**
 * Writes `text` into a rich-text editor found by its accessible name. Key-by-key typing into
 * ProseMirror is unreliable in jsdom (it has no real selection), so the text is pasted, which
 * ProseMirror handles as one insertion at the caret.
 */
export async function fillEditor(user: UserEvent, editor: HTMLElement, text: string): Promise<void> {
  await user.click(editor);
  await user.paste(text);
}
