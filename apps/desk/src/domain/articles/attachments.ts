/**
 * Attachments: files in a content-addressed store (`store_files`, one row per SHA-256), named
 * per record in `attachments` (an article's, a knowledge-base answer's).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { InvalidError, NotFoundError } from '../errors.ts';

/** An attachment as Zammad's API takes it: base64 data with a file name and a MIME type. */
export interface AttachmentInput {
  filename: string;
  data: string;
  'mime-type': string;
  charset?: string;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

/** Whether a string is base64 that decodes whole (padding and line breaks allowed). */
export function isBase64(data: string): boolean {
  return BASE64.test(data) && data.replace(/\s+/g, '').length % 4 !== 1;
}

/** `attachments: [{filename, data, "mime-type"}]` of an article, checked as Zammad checks them. */
export function parseAttachments(raw: unknown): AttachmentInput[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new InvalidError("Invalid value for param 'attachments'");
  return raw.map((a, index) => {
    if (!a || typeof a !== 'object') throw new InvalidError("Invalid value for param 'attachments'");
    const att = a as Record<string, unknown>;
    for (const key of ['filename', 'data', 'mime-type']) {
      if (typeof att[key] !== 'string' || att[key] === '')
        throw new InvalidError(`Attachment needs '${key}' param for attachment with index '${index}'`);
    }
    if (!isBase64(att.data as string))
      throw new InvalidError(`Invalid base64 for attachment with index '${index}'`);
    return att as unknown as AttachmentInput;
  });
}

export async function storeFile(db: Db, data: Buffer): Promise<number> {
  const sha = createHash('sha256').update(data).digest('hex');
  const existing = await one<{ id: number }>(db, 'SELECT id FROM store_files WHERE sha = $1', [sha]);
  if (existing) return existing.id;
  const row = await one<{ id: number }>(
    db,
    'INSERT INTO store_files (sha, data) VALUES ($1, $2) ON CONFLICT (sha) DO UPDATE SET sha = EXCLUDED.sha RETURNING id',
    [sha, data],
  );
  return (row as { id: number }).id;
}

/** Stores a file and names it as an attachment of a record; returns the attachment's id. */
export async function attach(
  db: Db,
  owner: { object: string; id: number },
  file: { filename: string; data: Buffer; preferences: Record<string, unknown> },
  actorId: number,
): Promise<number> {
  const fileId = await storeFile(db, file.data);
  const row = await one<{ id: number }>(
    db,
    `INSERT INTO attachments (object, o_id, filename, size, preferences, store_file_id, created_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      owner.object,
      owner.id,
      file.filename,
      file.data.length,
      JSON.stringify(file.preferences),
      fileId,
      actorId,
    ],
  );
  return (row as { id: number }).id;
}

export interface StoredAttachment {
  o_id: number;
  object: string;
  filename: string;
  preferences: Record<string, unknown>;
  data: Uint8Array;
}

/** An attachment with its bytes, or 404 (`Store`). */
export async function loadAttachment(db: Db, id: number): Promise<StoredAttachment> {
  const att = await one<StoredAttachment>(
    db,
    `SELECT a.o_id, a.object, a.filename, a.preferences, f.data FROM attachments a
       JOIN store_files f ON f.id = a.store_file_id WHERE a.id = $1`,
    [id],
  );
  if (!att) throw new NotFoundError('Store', id);
  return att;
}

/**
 * Deletes the attachments of the given objects and then the stored files nobody else points at
 * (the store is content-addressed: one file may back several attachments).
 */
export async function deleteAttachments(db: Db, object: string, oIds: number[]): Promise<void> {
  if (oIds.length === 0) return;
  const gone = await db.query<{ store_file_id: number }>(
    'DELETE FROM attachments WHERE object = $1 AND o_id = ANY($2::int[]) RETURNING store_file_id',
    [object, oIds],
  );
  const files = [...new Set(gone.map((r) => r.store_file_id))];
  if (files.length === 0) return;
  await db.query(
    `DELETE FROM store_files f WHERE f.id = ANY($1::int[])
        AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.store_file_id = f.id)`,
    [files],
  );
}
