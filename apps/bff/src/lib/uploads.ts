import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { BffError } from './errors.ts';

/** One file, the largest a message may carry. */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
/** All of one person's pending uploads together. */
export const UPLOAD_QUOTA_BYTES = 50 * 1024 * 1024;
/** Pending uploads of one person. */
export const UPLOAD_MAX_FILES = 30;
/** Attachments of one message. */
export const ATTACHMENTS_PER_MESSAGE = 10;
/** An upload nobody sent is forgotten this long after it was last touched. */
export const UPLOAD_TTL_MS = 6 * 60 * 60 * 1000;
/** Every person's pending uploads together: the process's memory is finite. */
const GLOBAL_QUOTA_BYTES = 512 * 1024 * 1024;

/** A message's body format: the rich-text editor writes HTML, which the helpdesk sanitises. */
export const MessageContentType = z.enum(['text/plain', 'text/html']).optional().openapi({
  description: '`text/plain` unless given; `text/html` bodies are sanitised by the helpdesk.',
});

/** The ids of files uploaded with POST /bff/uploads. */
export const MessageAttachments = z.array(z.string().uuid()).max(ATTACHMENTS_PER_MESSAGE).optional().openapi({
  description:
    'Ids from POST /bff/uploads (at most 10). Unknown, expired or already sent ids: 422 `upload_gone`.',
});

export interface Upload {
  id: string;
  owner: string;
  filename: string;
  size: number;
  content_type: string;
  data: Buffer;
  touched: number;
}

export type UploadInfo = Pick<Upload, 'id' | 'filename' | 'size' | 'content_type'>;

/** Zammad's article attachment input. */
export interface ZammadAttachment {
  filename: string;
  data: string;
  'mime-type': string;
}

/** A filename fit for a download header and a mail: no path, no control characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 255);
  return clean || 'file';
}

/** A MIME type the way browsers send it, or octet-stream when it is missing or odd. */
export function cleanContentType(type: string): string {
  const t = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(t) ? t : 'application/octet-stream';
}

/**
 * Files uploaded ahead of the message that will carry them, kept in memory per person until sent,
 * removed, or idle for UPLOAD_TTL_MS. This process's store; with BFF_DATABASE_URL they are kept in
 * PostgreSQL instead (lib/pg-state.ts), so an upload made through one BFF process is sent through another.
 */
export class UploadStore {
  private readonly files = new Map<string, Upload>();
  private total = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly globalQuota = GLOBAL_QUOTA_BYTES,
  ) {}

  add(owner: string, file: { filename: string; content_type: string; data: Buffer }): UploadInfo {
    this.sweep();
    const size = file.data.length;
    if (size > UPLOAD_MAX_BYTES) {
      throw new BffError(413, 'too_large', `The file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB.`);
    }
    const mine = [...this.files.values()].filter((f) => f.owner === owner);
    if (mine.length >= UPLOAD_MAX_FILES) {
      throw new BffError(
        413,
        'upload_quota',
        'Too many files are waiting to be sent: send or remove some first.',
      );
    }
    if (mine.reduce((n, f) => n + f.size, 0) + size > UPLOAD_QUOTA_BYTES) {
      throw new BffError(
        413,
        'upload_quota',
        `Your files waiting to be sent would exceed ${UPLOAD_QUOTA_BYTES / 1024 / 1024} MB: send or remove some first.`,
      );
    }
    this.makeRoom(owner, size);
    const upload: Upload = {
      id: randomUUID(),
      owner,
      filename: cleanFilename(file.filename),
      size,
      content_type: cleanContentType(file.content_type),
      data: file.data,
      touched: this.now(),
    };
    this.files.set(upload.id, upload);
    this.total += size;
    return info(upload);
  }

  list(owner: string): UploadInfo[] {
    this.sweep();
    return [...this.files.values()].filter((f) => f.owner === owner).map(info);
  }

  /** Someone else's upload is as absent as an expired one. */
  get(owner: string, id: string): Upload | undefined {
    this.sweep();
    const f = this.files.get(id);
    if (!f || f.owner !== owner) return undefined;
    f.touched = this.now();
    return f;
  }

  remove(owner: string, id: string): boolean {
    const f = this.files.get(id);
    if (!f || f.owner !== owner) return false;
    this.files.delete(id);
    this.total -= f.size;
    return true;
  }

  /**
   * The uploads a message names, as Zammad attachments; 422 when one is unknown (expired, removed,
   * already sent or not the person's). They stay stored until `release` after a successful send,
   * so a retried submit can use them again.
   */
  attachments(owner: string, ids: readonly string[] = []): ZammadAttachment[] {
    if (ids.length > ATTACHMENTS_PER_MESSAGE) {
      throw new BffError(422, 'invalid', `A message can carry at most ${ATTACHMENTS_PER_MESSAGE} files.`);
    }
    return [...new Set(ids)].map((id) => {
      const f = this.get(owner, id);
      if (!f) {
        throw new BffError(
          422,
          'upload_gone',
          'An attached file is no longer available (it expired or was removed). Attach it again.',
        );
      }
      return { filename: f.filename, data: f.data.toString('base64'), 'mime-type': f.content_type };
    });
  }

  release(owner: string, ids: readonly string[] = []): void {
    for (const id of ids) this.remove(owner, id);
  }

  /**
   * When every pending file together would pass the process's quota, the person holding most
   * gives way: their oldest files are dropped until the new one fits (they get `upload_gone` when
   * sending, and attach again). So a handful of accounts filling the pool cannot lock everyone
   * else out; only the biggest holder is refused, and only when it is the uploader.
   */
  private makeRoom(owner: string, size: number): void {
    while (this.total + size > this.globalQuota) {
      const held = new Map<string, number>();
      for (const f of this.files.values()) held.set(f.owner, (held.get(f.owner) ?? 0) + f.size);
      const [biggest] = [...held.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
      if (
        biggest === undefined ||
        biggest === owner ||
        (held.get(owner) ?? 0) + size >= (held.get(biggest) ?? 0)
      )
        throw new BffError(503, 'upload_full', 'The helpdesk cannot take files right now. Try again later.');
      const oldest = [...this.files.values()]
        .filter((f) => f.owner === biggest)
        .sort((a, b) => a.touched - b.touched)[0] as Upload;
      this.files.delete(oldest.id);
      this.total -= oldest.size;
    }
  }

  private sweep(): void {
    const limit = this.now() - UPLOAD_TTL_MS;
    for (const [id, f] of this.files) {
      if (f.touched < limit) {
        this.files.delete(id);
        this.total -= f.size;
      }
    }
  }
}

function info(f: Upload): UploadInfo {
  return { id: f.id, filename: f.filename, size: f.size, content_type: f.content_type };
}

/** The store's owner key for a session: the person at one upstream. */
export function uploadOwner(zammadUrl: string, uid: number): string {
  return `${zammadUrl}\n${uid}`;
}
