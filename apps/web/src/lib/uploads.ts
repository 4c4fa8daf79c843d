import { bff, unwrap } from './api-client';
import { ApiError } from './api-error';
import type { components } from './bff-schema.gen';
import type { Language } from './i18n';
import { emitSessionExpired } from './session-events';

export type Upload = components['schemas']['Upload'];
export type ArticleAttachment = components['schemas']['ArticleAttachment'];

/** The BFF's limit per file (POST /bff/uploads answers 413 above it). */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Uploads one file with XMLHttpRequest, the only browser API that reports upload progress.
 * Progress is reported as a fraction 0…1; `signal` aborts the upload.
 */
export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/bff/uploads');
    xhr.setRequestHeader('X-EOSC-CSRF', '1');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText || '{}') as Record<string, unknown>;
      } catch {
        // not JSON: the status decides below
      }
      if (xhr.status === 201) {
        onProgress(1);
        resolve(body as Upload);
        return;
      }
      if (xhr.status === 401) emitSessionExpired();
      reject(
        new ApiError(
          xhr.status,
          typeof body.code === 'string' ? body.code : `http_${xhr.status}`,
          typeof body.error === 'string' ? body.error : `The server answered ${xhr.status}.`,
          typeof body.request_id === 'string' ? body.request_id : undefined,
        ),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload failed.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export async function deleteUpload(id: string): Promise<void> {
  await bff.DELETE('/bff/uploads/{id}', { params: { path: { id } } });
}

/** The person's files still waiting to be sent (a kept draft checks its own against these). */
export async function listUploads(): Promise<Upload[]> {
  return unwrap(await bff.GET('/bff/uploads')).items;
}

/** Where an article's attachment downloads (images display inline unless `download`). */
export function attachmentUrl(
  ticketId: number,
  articleId: number,
  attachmentId: number,
  download = false,
): string {
  return `/bff/tickets/${ticketId}/attachments/${articleId}/${attachmentId}${download ? '?download=1' : ''}`;
}

/** "532 KB", "1.4 MB" in the reader's locale. */
export function formatBytes(bytes: number, language: Language): string {
  const locale = language === 'de' ? 'de-DE' : 'en-GB';
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** Raster images the BFF serves inline (thumbnails); never SVG. */
export function isPreviewable(contentType: string): boolean {
  return /^image\/(png|jpe?g|gif|webp)$/i.test(contentType);
}
