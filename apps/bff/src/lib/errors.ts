import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error of the BFF; rendered as `{error, code, request_id}`. */
export class BffError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
