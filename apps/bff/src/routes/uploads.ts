import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type BffEnv, type BffServices, helpdeskOf } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { sessionOf } from '../lib/request.ts';
import { UPLOAD_MAX_BYTES, uploadOwner } from '../lib/uploads.ts';
import { requireSession, signedIn } from '../middleware/session.ts';
import { ErrorSchema, endpoint, json, reply, ticketErrorResponses } from '../openapi.ts';

/** Bytes a multipart body may carry beyond its one file (boundaries, part headers). */
const MULTIPART_SLACK = 64 * 1024;

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

const tooLarge = (message: string) => {
  throw new BffError(413, 'too_large', message);
};
// Above the app's 1 MB default (which skips this path): one file of up to 10 MB.
const uploadLimit = bodyLimit({
  maxSize: UPLOAD_MAX_BYTES + MULTIPART_SLACK,
  onError: () => tooLarge(`The file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB.`),
});

const upload = createRoute({
  ...endpoint('post', '/bff/uploads', 'Upload a file to attach to a message', [
    requireSession,
    uploadLimit,
  ] as const),
  description: [
    'multipart/form-data with one part `file`, at most 10 MB. The file waits in the BFF (per person,',
    '50 MB and 30 files at most, forgotten after 6 idle hours) until a ticket create or reply names its',
    'id in `attachments`; a successful send removes it.',
  ].join(' '),
  request: { body: { content: { 'multipart/form-data': { schema: UploadForm } }, required: true } },
  responses: {
    201: reply('The stored file', UploadSchema),
    413: {
      description: 'The file is over 10 MB (`too_large`) or the person has too much waiting (`upload_quota`)',
      content: json(ErrorSchema),
    },
    ...ticketErrorResponses,
  },
});

const listUploads = createRoute({
  ...endpoint('get', '/bff/uploads', "The person's files waiting to be sent", signedIn),
  description: 'A kept draft checks with this which of its files are still there.',
  responses: {
    200: {
      description: 'Waiting files',
      content: json(z.object({ items: z.array(UploadSchema) }).openapi('UploadList')),
    },
    ...ticketErrorResponses,
  },
});

const removeUpload = createRoute({
  ...endpoint('delete', '/bff/uploads/{id}', 'Remove a waiting file', signedIn),
  request: { params: UploadId },
  responses: {
    204: { description: 'Removed' },
    404: reply('No such file (or not yours, or expired)', ErrorSchema),
    ...ticketErrorResponses,
  },
});

function owner(c: Context<BffEnv>): string {
  return uploadOwner(helpdeskOf(c.get('deps')), sessionOf(c).uid);
}

export function uploadRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(upload, async (c) => {
    const { file } = c.req.valid('form');
    if (file.size > UPLOAD_MAX_BYTES)
      tooLarge(`The file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB.`);
    const data = Buffer.from(await file.arrayBuffer());
    const stored = await services.uploads.add(owner(c), {
      filename: file.name,
      content_type: file.type,
      data,
    });
    return c.json(stored, 201);
  });

  app.openapi(listUploads, async (c) => c.json({ items: await services.uploads.list(owner(c)) }, 200));

  app.openapi(removeUpload, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await services.uploads.remove(owner(c), id))) throw new BffError(404, 'not_found', 'No such file.');
    return c.body(null, 204);
  });

  return app;
}
