import { File } from 'node:buffer';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Upload } from '@/lib/uploads';
import { bffError } from '@/testing/handlers';
import { server } from '@/testing/server';
import { uploads, useNodeFormData } from '@/testing/upload-handlers';
import { AttachmentPicker } from './attachment-picker';

// Node's File in Node's FormData, as MSW needs (see useNodeFormData).
beforeEach(useNodeFormData);
afterEach(() => {
  vi.unstubAllGlobals();
  uploads.clear();
});

function Harness({ onBusy }: { onBusy?: (busy: boolean) => void }) {
  const [files, setFiles] = useState<Upload[]>([]);
  return (
    <>
      <AttachmentPicker value={files} onChange={setFiles} {...(onBusy ? { onBusyChange: onBusy } : {})} />
      <div data-testid="ids">{files.map((f) => f.filename).join(',')}</div>
    </>
  );
}

const fileInput = (container: HTMLElement) =>
  container.querySelector('input[type="file"]') as HTMLInputElement;
const status = () => screen.getByRole('status');

describe('AttachmentPicker', () => {
  it('uploads chosen files, lists them with their size and announces each', async () => {
    const onBusy = vi.fn();
    const { container } = render(<Harness onBusy={onBusy} />);
    expect(screen.getByRole('button', { name: 'Add files' })).toHaveAccessibleDescription(
      'Up to 10 MB per file.',
    );
    fireEvent.change(fileInput(container), {
      target: {
        files: [
          new File(['hello'], 'notes.txt', { type: 'text/plain' }),
          new File([new Uint8Array(2048)], 'shot.png', { type: 'image/png' }),
        ],
      },
    });
    await waitFor(() => expect(screen.getByTestId('ids')).toHaveTextContent('notes.txt,shot.png'));
    const list = screen.getByRole('list', { name: 'Attached files' });
    expect(within(list).getByText('5 B')).toBeInTheDocument();
    expect(within(list).getByText('2 KB')).toBeInTheDocument();
    expect(status()).toHaveTextContent(/uploaded\./);
    expect([...uploads.values()].map((u) => u.filename).sort()).toEqual(['notes.txt', 'shot.png']);
    expect(onBusy).toHaveBeenCalledWith(true);
    expect(onBusy).toHaveBeenLastCalledWith(false);
  });

  it('refuses a file over 10 MB before uploading it, with a clear message', async () => {
    const { container } = render(<Harness />);
    const big = new File(['x'], 'huge.iso', { type: 'application/octet-stream' });
    Object.defineProperty(big, 'size', { value: 10 * 1024 * 1024 + 1 });
    fireEvent.change(fileInput(container), { target: { files: [big] } });
    const list = await screen.findByRole('list', { name: 'Attached files' });
    expect(within(list).getByText('huge.iso is larger than 10 MB and was not added.')).toBeInTheDocument();
    expect(status()).toHaveTextContent('huge.iso is larger than 10 MB and was not added.');
    expect(uploads.size).toBe(0);
    expect(screen.queryByRole('button', { name: 'Retry huge.iso' })).not.toBeInTheDocument();
  });

  it('accepts dropped files', async () => {
    const { container } = render(<Harness />);
    const zone = container.querySelector('.attach') as HTMLElement;
    const file = new File(['dropped'], 'drop.log', { type: 'text/plain' });
    fireEvent.dragEnter(zone, { dataTransfer: { types: ['Files'], files: [file] } });
    expect(zone).toHaveClass('attach--dragging');
    fireEvent.drop(zone, { dataTransfer: { types: ['Files'], files: [file] } });
    await waitFor(() => expect(screen.getByTestId('ids')).toHaveTextContent('drop.log'));
    expect(zone).not.toHaveClass('attach--dragging');
  });

  it('removes an uploaded file by keyboard and forgets it on the server', async () => {
    const user = userEvent.setup();
    const { container } = render(<Harness />);
    fireEvent.change(fileInput(container), {
      target: { files: [new File(['a'], 'a.txt', { type: 'text/plain' })] },
    });
    await waitFor(() => expect(screen.getByTestId('ids')).toHaveTextContent('a.txt'));
    const remove = screen.getByRole('button', { name: 'Remove a.txt' });
    remove.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('ids')).toBeEmptyDOMElement();
    expect(status()).toHaveTextContent('a.txt removed.');
    await waitFor(() => expect(uploads.size).toBe(0));
  });

  it("shows the server's refusal and offers a retry", async () => {
    const user = userEvent.setup();
    server.use(http.post('/bff/uploads', () => bffError(413, 'upload_quota', 'Too many files are waiting.')));
    const { container } = render(<Harness />);
    fireEvent.change(fileInput(container), {
      target: { files: [new File(['b'], 'b.txt', { type: 'text/plain' })] },
    });
    const message = 'b.txt could not be uploaded: Too many files are waiting.';
    await waitFor(() =>
      expect(screen.getByRole('list', { name: 'Attached files' })).toHaveTextContent(message),
    );
    expect(status()).toHaveTextContent(message);
    server.resetHandlers();
    await user.click(screen.getByRole('button', { name: 'Retry b.txt' }));
    await waitFor(() => expect(screen.getByTestId('ids')).toHaveTextContent('b.txt'));
  });
});
