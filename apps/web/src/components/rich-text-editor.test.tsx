import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import '@/testing/jsdom-layout';
import { RichTextEditor, type RichTextEditorHandle, type RichTextEditorProps } from './rich-text-editor';

function Harness(
  props: Partial<RichTextEditorProps> & { initial?: string; onHtml?: (html: string) => void },
) {
  const [value, setValue] = useState(props.initial ?? '');
  return (
    <>
      <RichTextEditor
        label="Message"
        {...props}
        value={value}
        onChange={(html, text) => {
          setValue(html);
          props.onHtml?.(html);
          props.onChange?.(html, text);
        }}
      />
      <output data-testid="html">{value}</output>
      <button type="button" onClick={() => setValue('')}>
        reset
      </button>
    </>
  );
}

const html = () => screen.getByTestId('html').textContent ?? '';

describe('RichTextEditor', () => {
  it('loads lazily, names the editable area and shows the given HTML', async () => {
    render(<Harness initial="<p>Hello <strong>world</strong></p>" />);
    const box = await screen.findByRole('textbox', { name: 'Message' });
    expect(box).toHaveAttribute('contenteditable', 'true');
    expect(box.querySelector('strong')).toHaveTextContent('world');
    expect(screen.getByRole('toolbar', { name: 'Formatting' })).toBeInTheDocument();
  });

  it('formats from the toolbar, reports HTML and text, and marks pressed buttons', async () => {
    const onChange = vi.fn();
    const ref = createRef<RichTextEditorHandle>();
    render(<Harness onChange={onChange} editorRef={ref} />);
    await screen.findByRole('textbox', { name: 'Message' });
    const bold = screen.getByRole('button', { name: 'Bold' });
    expect(bold).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(bold);
    act(() => ref.current?.insertHtml('strong words'));
    await waitFor(() => expect(html()).toBe('<p><strong>strong words</strong></p>'));
    expect(onChange).toHaveBeenLastCalledWith('<p><strong>strong words</strong></p>', 'strong words');
    await waitFor(() => expect(bold).toHaveAttribute('aria-pressed', 'true'));

    fireEvent.click(screen.getByRole('button', { name: 'Bulleted list' }));
    await waitFor(() => expect(html()).toContain('<ul><li><p><strong>strong words'));
    fireEvent.click(screen.getByRole('button', { name: 'Bulleted list' }));
    fireEvent.click(screen.getByRole('button', { name: 'Quote' }));
    await waitFor(() => expect(html()).toBe('<blockquote><p><strong>strong words</strong></p></blockquote>'));
    expect(screen.getByRole('button', { name: 'Quote' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('moves between toolbar buttons with the arrow keys (one tab stop)', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await screen.findByRole('textbox', { name: 'Message' });
    const buttons = screen.getAllByRole('button').filter((b) => b.closest('[role="toolbar"]'));
    expect(buttons.filter((b) => b.tabIndex === 0)).toHaveLength(1);
    buttons[0]?.focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('button', { name: 'Italic' })).toHaveFocus();
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(screen.getByRole('button', { name: 'Code' })).toHaveFocus();
  });

  it('adds a link through its own labelled field', async () => {
    const user = userEvent.setup();
    const ref = createRef<RichTextEditorHandle>();
    render(<Harness editorRef={ref} initial="<p>docs</p>" />);
    await screen.findByRole('textbox', { name: 'Message' });
    act(() => ref.current?.insertHtml('<a href="https://example.org/x">here</a>'));
    await waitFor(() => expect(html()).toContain('href="https://example.org/x"'));
    expect(html()).toContain('rel="noopener noreferrer nofollow"');

    await user.click(screen.getByRole('button', { name: 'Link' }));
    const field = screen.getByLabelText('Link address');
    expect(field).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByLabelText('Link address')).not.toBeInTheDocument();
  });

  it('offers @mentions as a listbox and writes Zammad mention links', async () => {
    const mentions = vi.fn(async (q: string) =>
      [
        { id: 3, label: 'Agent Smith' },
        { id: 1, label: 'Admin Istrator' },
      ].filter((p) => p.label.toLowerCase().includes(q.toLowerCase())),
    );
    const ref = createRef<RichTextEditorHandle>();
    render(<Harness mentions={mentions} editorRef={ref} />);
    const box = await screen.findByRole('textbox', { name: 'Message' });
    expect(box).toHaveAttribute('aria-autocomplete', 'list');
    expect(box).not.toHaveAttribute('aria-controls');

    act(() => ref.current?.insertHtml('Hi @a'));
    const list = await screen.findByRole('listbox', { name: 'People to mention' });
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['@Agent Smith', '@Admin Istrator']);
    expect(box).toHaveAttribute('aria-controls', list.id);
    expect(box).toHaveAttribute('aria-activedescendant', options[0]?.id);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');

    fireEvent.keyDown(box, { key: 'ArrowDown' });
    await waitFor(() => expect(box).toHaveAttribute('aria-activedescendant', options[1]?.id));
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(screen.queryByRole('listbox')).not.toBeInTheDocument());
    expect(html()).toContain('<a data-mention-user-id="1" href="#user/profile/1">@Admin Istrator</a>');
    expect(box).not.toHaveAttribute('aria-activedescendant');
  });

  it('closes the mention list with Escape without inserting', async () => {
    const mentions = async () => [{ id: 3, label: 'Agent Smith' }];
    const ref = createRef<RichTextEditorHandle>();
    render(<Harness mentions={mentions} editorRef={ref} />);
    const box = await screen.findByRole('textbox', { name: 'Message' });
    act(() => ref.current?.insertHtml('@ag'));
    await screen.findByRole('listbox');
    fireEvent.keyDown(box, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('listbox')).not.toBeInTheDocument());
    expect(html()).toBe('<p>@ag</p>');
  });

  it('keeps mentions of a restored draft', async () => {
    render(
      <Harness initial='<p>ask <a data-mention-user-id="4" href="#user/profile/4">@Jane Doe</a> </p>' />,
    );
    await screen.findByRole('textbox', { name: 'Message' });
    const ref = createRef<RichTextEditorHandle>();
    render(
      <Harness
        initial='<p><a data-mention-user-id="4" href="#user/profile/4">@Jane Doe</a></p>'
        editorRef={ref}
      />,
    );
    await waitFor(() => expect(ref.current).not.toBeNull());
    act(() => {
      ref.current?.focus();
      ref.current?.insertHtml(' thanks');
    });
    await waitFor(() =>
      expect(screen.getAllByTestId('html')[1]?.textContent).toBe(
        '<p><a data-mention-user-id="4" href="#user/profile/4">@Jane Doe</a> thanks</p>',
      ),
    );
  });

  it('offers :: text modules and inserts their HTML', async () => {
    const snippets = async (q: string) =>
      [{ id: 9, label: 'Greeting', html: '<p>Dear <strong>customer</strong>,</p>' }].filter((s) =>
        s.label.toLowerCase().startsWith(q.toLowerCase()),
      );
    const ref = createRef<RichTextEditorHandle>();
    render(<Harness snippets={snippets} editorRef={ref} />);
    const box = await screen.findByRole('textbox', { name: 'Message' });
    act(() => ref.current?.insertHtml('::gre'));
    await screen.findByRole('listbox', { name: 'Text modules' });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(html()).toContain('Dear <strong>customer</strong>,'));
    expect(html()).not.toContain('::gre');
  });

  it('lets the host handle keys (Ctrl+Enter) and follows an outside reset', async () => {
    const onKeyDown = vi.fn((e: KeyboardEvent) => e.key === 'Enter' && e.ctrlKey);
    const ref = createRef<RichTextEditorHandle>();
    render(<Harness onKeyDown={onKeyDown} editorRef={ref} initial="<p>draft</p>" />);
    const box = await screen.findByRole('textbox', { name: 'Message' });
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    expect(onKeyDown).toHaveReturnedWith(true);
    fireEvent.click(screen.getByRole('button', { name: 'reset' }));
    await waitFor(() => expect(box).toHaveTextContent(''));
    expect(html()).toBe('');
  });

  it('clears through the handle and reports empty as ""', async () => {
    const onHtml = vi.fn();
    const ref = createRef<RichTextEditorHandle>();
    render(<Harness editorRef={ref} initial="<p>x</p>" onHtml={onHtml} />);
    await screen.findByRole('textbox', { name: 'Message' });
    act(() => ref.current?.clear());
    await waitFor(() => expect(onHtml).toHaveBeenLastCalledWith(''));
  });
});
