import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import { sessionOf } from '../lib/request.ts';
import { signedIn } from '../middleware/session.ts';
import { ErrorSchema, endpoint, reply, ticketErrorResponses } from '../openapi.ts';

/** Shown inline (an <img> in the conversation): raster images only, never SVG or HTML. */
const INLINE_TYPES = /^image\/(png|jpe?g|gif|webp)$/i;

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

const download = createRoute({
  ...endpoint('get', '/bff/tickets/{id}/attachments/{article_id}/{attachment_id}', signedIn),
  summary: "An attachment of one of the ticket's articles",
  description: [
    "The helpdesk's bytes with its Content-Type. Raster images (PNG, JPEG, GIF, WebP) come `inline`",
    'unless `download=1`; everything else as `attachment`. `X-Content-Type-Options: nosniff` and a',
    "sandboxing CSP always. Customers never get an internal article's attachments (404).",
  ].join(' '),
  request: { params: AttachmentParams, query: AttachmentQuery },
  responses: {
    200: {
      description: 'The file',
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    404: reply('No such attachment (or not visible)', ErrorSchema),
    ...ticketErrorResponses,
  },
});

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

export function attachmentRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(download, async (c) => {
    const { id, article_id, attachment_id } = c.req.valid('param');
    const forceDownload = Boolean(c.req.valid('query').download);
    const upstream = c.get('upstream');
    if (!sessionOf(c).is_agent) {
      // Defence in depth: the helpdesk refuses internal articles to customers, and so does the BFF.
      const article = await upstream
        .GET('/ticket_articles/{id}', { params: { path: { id: article_id } }, expect: 'TicketArticle' })
        .catch((err: unknown) => {
          if (err instanceof BffError && err.status === 403) return null;
          throw err;
        });
      if (!article || article.ticket_id !== id || article.internal) {
        throw new BffError(404, 'not_found', 'No such attachment.');
      }
    }
    // The raw client: the bytes and the helpdesk's headers are what is passed on.
    const result = await upstream.raw.GET('/ticket_attachment/{ticket_id}/{article_id}/{id}', {
      params: {
        path: { ticket_id: id, article_id, id: attachment_id },
        query: { disposition: 'attachment' },
      },
      parseAs: 'stream',
    });
    const body = result.data as ReadableStream<Uint8Array>;
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
