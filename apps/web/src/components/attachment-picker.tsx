import { type DragEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/api-error';
import { languageOf } from '@/lib/i18n';
import { deleteUpload, formatBytes, UPLOAD_MAX_BYTES, type Upload, uploadFile } from '@/lib/uploads';
import './editor-strings';
import './attachment-picker.css';

export interface AttachmentPickerProps {
  /** Files uploaded and ready to send. */
  value: Upload[];
  onChange: (next: Upload[]) => void;
  /** True while files are still uploading (a form should wait before sending). */
  onBusyChange?: (busy: boolean) => void;
  disabled?: boolean;
}

type Pending = {
  key: string;
  file: File;
  progress: number;
  error?: string;
  /** Refused before upload (too large): nothing to retry. */
  refused?: boolean;
  controller?: AbortController;
};

let counter = 0;

/**
 * Files for a message: a button and drag and drop, each file checked against the 10 MB limit
 * before upload, uploaded at once with its own progress, removable, and every outcome announced.
 */
export function AttachmentPicker({ value, onChange, onBusyChange, disabled = false }: AttachmentPickerProps) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n.language);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<Pending[]>([]);
  const [dragging, setDragging] = useState(false);
  const [message, setMessage] = useState('');
  // Uploads finish in any order: each adds to the newest list, not to the one it started with.
  const latest = useRef(value);
  latest.current = value;
  const controllers = useRef(new Set<AbortController>());
  const maxSize = formatBytes(UPLOAD_MAX_BYTES, language);

  const busy = pending.some((p) => !p.error);
  useEffect(() => {
    onBusyChange?.(busy);
  }, [busy, onBusyChange]);
  useEffect(() => {
    const all = controllers.current;
    return () => {
      for (const c of all) c.abort();
    };
  }, []);

  const patch = (key: string, change: Partial<Pending> | null) =>
    setPending((list) =>
      change === null
        ? list.filter((p) => p.key !== key)
        : list.map((p) => (p.key === key ? { ...p, ...change } : p)),
    );

  const start = (item: Pending) => {
    const controller = new AbortController();
    controllers.current.add(controller);
    patch(item.key, { controller, progress: 0, error: undefined });
    setMessage(t('attachments.uploading', { name: item.file.name }));
    uploadFile(item.file, (progress) => patch(item.key, { progress }), controller.signal)
      .then((upload) => {
        const next = [...latest.current, upload];
        latest.current = next;
        onChange(next);
        patch(item.key, null);
        setMessage(t('attachments.uploaded', { name: upload.filename }));
      })
      .catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') return;
        const reason = isApiError(error)
          ? error.status === 0
            ? t('attachments.networkError')
            : error.message
          : String(error);
        const text = t('attachments.failed', { name: item.file.name, reason });
        patch(item.key, { error: text });
        setMessage(text);
      })
      .finally(() => controllers.current.delete(controller));
  };

  const add = (files: FileList | File[] | null) => {
    if (!files || disabled) return;
    const items: Pending[] = [];
    const refused: Pending[] = [];
    for (const file of Array.from(files)) {
      const key = `f${++counter}`;
      if (file.size > UPLOAD_MAX_BYTES) {
        refused.push({
          key,
          file,
          progress: 0,
          refused: true,
          error: t('attachments.tooLarge', { name: file.name, size: maxSize }),
        });
      } else items.push({ key, file, progress: 0 });
    }
    setPending((list) => [...list, ...refused, ...items]);
    if (refused.length > 0) setMessage(refused.map((r) => r.error).join(' '));
    // After the list has the items, so progress updates find them.
    queueMicrotask(() => {
      for (const item of items) start(item);
    });
  };

  const removeUploaded = (upload: Upload) => {
    const next = latest.current.filter((u) => u.id !== upload.id);
    latest.current = next;
    onChange(next);
    setMessage(t('attachments.removed', { name: upload.filename }));
    // The BFF forgets unsent files anyway; removing early frees the person's quota.
    void deleteUpload(upload.id).catch(() => undefined);
  };

  const removePending = (item: Pending) => {
    item.controller?.abort();
    patch(item.key, null);
    setMessage(t('attachments.removed', { name: item.file.name }));
  };

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the keyboard has the Add files button
    <div
      className={`attach${dragging ? ' attach--dragging' : ''}`}
      onDragEnter={(e) => {
        if (!hasFiles(e) || disabled) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e) || disabled) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        add(e.dataTransfer.files);
      }}
    >
      <p className="attach__drop" id={`${id}-hint`}>
        {t('attachments.drop')}{' '}
        <button
          type="button"
          className="button button--secondary attach__add"
          disabled={disabled}
          aria-describedby={`${id}-hint-limit`}
          onClick={() => input.current?.click()}
        >
          {t('attachments.add')}
        </button>{' '}
        <span className="hint" id={`${id}-hint-limit`}>
          {t('attachments.limit', { size: maxSize })}
        </span>
      </p>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label={t('attachments.add')}
        disabled={disabled}
        onChange={(e) => {
          add(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      {(value.length > 0 || pending.length > 0) && (
        <ul className="attach__list" aria-label={t('attachments.list')}>
          {value.map((u) => (
            <li key={u.id} className="attach__item">
              <span className="attach__name">{u.filename}</span>{' '}
              <span className="attach__size">{formatBytes(u.size, language)}</span>
              <button
                type="button"
                className="attach__remove"
                aria-label={t('attachments.remove', { name: u.filename })}
                title={t('attachments.remove', { name: u.filename })}
                disabled={disabled}
                onClick={() => removeUploaded(u)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
          {pending.map((p) => (
            <li key={p.key} className={`attach__item${p.error ? ' attach__item--error' : ''}`}>
              <span className="attach__name">{p.file.name}</span>{' '}
              <span className="attach__size">{formatBytes(p.file.size, language)}</span>
              {p.error ? (
                <span className="attach__error">{p.error}</span>
              ) : (
                <progress
                  className="attach__progress"
                  max={100}
                  value={Math.round(p.progress * 100)}
                  aria-label={t('attachments.uploading', { name: p.file.name })}
                />
              )}
              {p.error && !p.refused && (
                <button type="button" className="link-button" onClick={() => start(p)}>
                  {t('attachments.retry', { name: p.file.name })}
                </button>
              )}
              <button
                type="button"
                className="attach__remove"
                aria-label={t('attachments.remove', { name: p.file.name })}
                title={t('attachments.remove', { name: p.file.name })}
                onClick={() => removePending(p)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="visually-hidden" aria-live="polite" role="status">
        {message}
      </div>
    </div>
  );
}
