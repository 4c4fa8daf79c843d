import { bff, CSRF_HEADER, emptyResponse, failure, networkFailure, unwrap } from './api-client';
import type { components } from './bff-schema.gen';
import type { Language } from './i18n';

export type Upload = components['schemas']['Upload'];
export type ArticleAttachment = components['schemas']['ArticleAttachment'];

/** The BFF's limit per file (POST /bff/uploads answers 413 above it). */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

const UPLOADS_PATH = '/bff/uploads';

/** The XMLHttpRequest's answer as a fetch `Response`, for the client's one error parser. */
function responseOf(xhr: XMLHttpRequest): Response {
  const headers = new Headers();
  const requestId = xhr.getResponseHeader('x-request-id');
  if (requestId) headers.set('x-request-id', requestId);
  const contentType = xhr.getResponseHeader('content-type');
  if (contentType) headers.set('content-type', contentType);
  const body = [204, 205, 304].includes(xhr.status) ? null : xhr.responseText;
  return new Response(body, { status: xhr.status, statusText: xhr.statusText, headers });
}

/**
 * Uploads one file with XMLHttpRequest, the only browser API that reports upload progress, with
 * the typed client's conventions (lib/api-client.ts): the CSRF header, one `ApiError` for every
 * failure, the session-expired event on 401. Progress is reported as a fraction 0…1; `signal`
 * aborts the upload.
 */
export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', UPLOADS_PATH);
    xhr.setRequestHeader(CSRF_HEADER, '1');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      // A status outside 200…599 is no HTTP answer a Response can hold: as good as none.
      if (xhr.status < 200 || xhr.status > 599) return reject(networkFailure());
      const response = responseOf(xhr);
      if (response.ok) {
        onProgress(1);
        response.json().then(
          (body: Upload) => resolve(body),
          () => reject(emptyResponse(response.status)),
        );
        return;
      }
      failure(response, UPLOADS_PATH).then(reject, reject);
    };
    xhr.onerror = () => reject(networkFailure());
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
