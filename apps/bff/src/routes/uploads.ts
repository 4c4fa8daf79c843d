import { unwrap } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { BffEnv, BffServices } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import type { SessionData } from '../lib/session-cookie.ts';
import { UPLOAD_MAX_BYTES, uploadOwner } from '../lib/uploads.ts';
import { requireSession } from '../middleware/session.ts';
import { ErrorSchema, json, ticketErrorResponses } from '../schemas.ts';

/** Bytes a multipart body may carry beyond its one file (boundaries, part headers). */
const MULTIPART_SLACK = 64 * 1024;
/** Shown inline (an <img> in the conversation): raster images only, never SVG or HTML. */
const INLINE_TYPES = /^image\/(png|jpe?g|gif|webp)$/i;

export const UploadSchema = z
  .object({
    id: z.string().openapi({ description: 'Name it in `attachments` when sending the message.' }),
    filename: z.string(),
    size: z.number().int().openapi({ description: 'Bytes.' }),
    content_type: z.string(),
  })
  .openapi('Upload');

const UploadForm = z.object({
  file: z
    .custom<File>((v) => v instanceof File, 'Send one file in the field `file`.')
    .openapi({ type: 'string', format: 'binary' }),
});

const UploadId = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const AttachmentParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
  article_id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'article_id', in: 'path' } }),
  attachment_id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'attachment_id', in: 'path' } }),
});

const AttachmentQuery = z.object({
  download: z
    .enum(['1', 'true'])
    .optional()
    .openapi({ description: 'Always `Content-Disposition: attachment`, even for an image.' }),
});

const tooLarge = (message: string) => {
  throw new BffError(413, 'too_large', message);
};
// Above the app's 1 MB default (which skips this path): one file of up to 10 MB.
const uploadLimit = bodyLimit({
  maxSize: UPLOAD_MAX_BYTES + MULTIPART_SLACK,
  onError: () => tooLarge(`The file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB.`),
});

const upload = createRoute({
  method: 'post',
  path: '/bff/uploads',
  summary: 'Upload a file to attach to a message',
  description: [
    'multipart/form-data with one part `file`, at most 10 MB. The file waits in the BFF (per person,',
    '50 MB and 30 files at most, forgotten after 6 idle hours) until a ticket create or reply names its',
    'id in `attachments`; a successful send removes it.',
  ].join(' '),
  middleware: [requireSession, uploadLimit] as const,
  request: { body: { content: { 'multipart/form-data': { schema: UploadForm } }, required: true } },
  responses: {
    201: { description: 'The stored file', content: json(UploadSchema) },
    413: {
      description: 'The file is over 10 MB (`too_large`) or the person has too much waiting (`upload_quota`)',
      content: json(ErrorSchema),
    },
    ...ticketErrorResponses,
  },
});

const listUploads = createRoute({
  method: 'get',
  path: '/bff/uploads',
  summary: "The person's files waiting to be sent",
  description: 'A kept draft checks with this which of its files are still there.',
  middleware: [requireSession] as const,
  responses: {
    200: {
      description: 'Waiting files',
      content: json(z.object({ items: z.array(UploadSchema) }).openapi('UploadList')),
    },
    ...ticketErrorResponses,
  },
});

const removeUpload = createRoute({
  method: 'delete',
  path: '/bff/uploads/{id}',
  summary: 'Remove a waiting file',
  middleware: [requireSession] as const,
  request: { params: UploadId },
  responses: {
    204: { description: 'Removed' },
    404: { description: 'No such file (or not yours, or expired)', content: json(ErrorSchema) },
    ...ticketErrorResponses,
  },
});

const download = createRoute({
  method: 'get',
  path: '/bff/tickets/{id}/attachments/{article_id}/{attachment_id}',
  summary: "An attachment of one of the ticket's articles",
  description: [
    "The helpdesk's bytes with its Content-Type. Raster images (PNG, JPEG, GIF, WebP) come `inline`",
    'unless `download=1`; everything else as `attachment`. `X-Content-Type-Options: nosniff` and a',
    "sandboxing CSP always. Customers never get an internal article's attachments (404).",
  ].join(' '),
  middleware: [requireSession] as const,
  request: { params: AttachmentParams, query: AttachmentQuery },
  responses: {
    200: {
      description: 'The file',
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    404: { description: 'No such attachment (or not visible)', content: json(ErrorSchema) },
    ...ticketErrorResponses,
  },
});

function session(c: Context<BffEnv>): SessionData {
  return c.get('session') as SessionData;
}

function owner(c: Context<BffEnv>): string {
  return uploadOwner(c.get('deps').zammadUrl, session(c).uid);
}

/** `attachment; filename="…"; filename*=UTF-8''…` with the name from the helpdesk's header. */
function disposition(kind: 'inline' | 'attachment', upstream: string | null): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(upstream ?? '')?.[1];
  let name = 'file';
  try {
    if (star) name = decodeURIComponent(star);
  } catch {
    // a broken encoding keeps the neutral name
  }
  if (!star) name = /filename="([^"]*)"/i.exec(upstream ?? '')?.[1] ?? name;
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function uploadRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(upload, async (c) => {
    const { file } = c.req.valid('form');
    if (file.size > UPLOAD_MAX_BYTES)
      tooLarge(`The file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB.`);
    const data = Buffer.from(await file.arrayBuffer());
    const stored = services.uploads.add(owner(c), {
      filename: file.name,
      content_type: file.type,
      data,
    });
    return c.json(stored, 201);
  });

  app.openapi(listUploads, (c) => c.json({ items: services.uploads.list(owner(c)) }, 200));

  app.openapi(removeUpload, (c) => {
    const { id } = c.req.valid('param');
    if (!services.uploads.remove(owner(c), id)) throw new BffError(404, 'not_found', 'No such file.');
    return c.body(null, 204);
  });

  app.openapi(download, async (c) => {
    const { id, article_id, attachment_id } = c.req.valid('param');
    const forceDownload = Boolean(c.req.valid('query').download);
    const upstream = c.get('upstream');
    if (!session(c).is_agent) {
      // Defence in depth: the helpdesk refuses internal articles to customers, and so does the BFF.
      const found = await upstream.GET('/ticket_articles/{id}', { params: { path: { id: article_id } } });
      const article = (found.response.status === 403 ? null : unwrap(found)) as {
        ticket_id?: number;
        internal?: boolean;
      } | null;
      if (!article || article.ticket_id !== id || article.internal) {
        throw new BffError(404, 'not_found', 'No such attachment.');
      }
    }
    const result = await upstream.GET('/ticket_attachment/{ticket_id}/{article_id}/{id}', {
      params: {
        path: { ticket_id: id, article_id, id: attachment_id },
        query: { disposition: 'attachment' },
      },
      parseAs: 'stream',
    });
    const body = unwrap(result) as unknown as ReadableStream<Uint8Array>;
    const type = result.response.headers.get('Content-Type') ?? 'application/octet-stream';
    const mime = type.split(';')[0]?.trim() ?? '';
    const inline = !forceDownload && INLINE_TYPES.test(mime);
    const length = result.response.headers.get('Content-Length');
    return c.body(body, 200, {
      'Content-Type': type,
      'Content-Disposition': disposition(
        inline ? 'inline' : 'attachment',
        result.response.headers.get('Content-Disposition'),
      ),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'",
      ...(length ? { 'Content-Length': length } : {}),
    }) as never;
  });

  return app;
}
