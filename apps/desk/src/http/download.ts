import type { Context } from 'hono';
import type { StoredAttachment } from '../domain/articles/attachments.ts';
import { ApiError } from './errors.ts';

// Only these are shown inline; anything else (HTML, SVG, scripts...) is always a download.
const INLINE_SAFE = /^(image\/(png|jpe?g|gif|webp|bmp)|application\/pdf|text\/plain)$/i;

/** `disposition=inline|attachment` (default inline); anything else is Zammad's 403. */
export function dispositionOf(v: unknown): 'inline' | 'attachment' {
  const requested = typeof v === 'string' ? v : 'inline';
  if (requested === 'inline' || requested === 'attachment') return requested;
  throw new ApiError(403, `Invalid disposition ${requested} requested. Only inline, attachment are valid.`);
}

/** The file's bytes with its stored type, sandboxed, inline only when the type is safe to show. */
export function download(c: Context, att: StoredAttachment, requested: 'inline' | 'attachment'): Response {
  const contentType = String(
    att.preferences['Content-Type'] ?? att.preferences['Mime-Type'] ?? 'application/octet-stream',
  );
  const mime = contentType.split(';')[0]?.trim() ?? '';
  const disposition = requested === 'inline' && INLINE_SAFE.test(mime) ? 'inline' : 'attachment';
  const ascii = att.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return c.body(new Uint8Array(att.data), 200, {
    'Content-Type': contentType,
    'Content-Disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(att.filename)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
  });
}
