import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError } from './api-error';
import type { paths } from './bff-schema.gen';
import { emitSessionExpired } from './session-events';

// The session endpoint answers 401 as a normal outcome ("not signed in", "wrong password"),
// so only other endpoints treat 401 as "your session has expired".
const SESSION_PATH = '/bff/session';

/** Every request carries the CSRF header the BFF demands on non-GET requests. */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    request.headers.set('X-EOSC-CSRF', '1');
    return request;
  },
};

/** Turns every non-2xx answer and every network failure into one `ApiError`. */
export const errorMiddleware: Middleware = {
  async onResponse({ response, schemaPath }) {
    if (response.ok) return undefined;
    const error = await ApiError.fromResponse(response);
    if (error.status === 401 && schemaPath !== SESSION_PATH) emitSessionExpired();
    throw error;
  },
  onError({ error }) {
    if (error instanceof ApiError) return error;
    return new ApiError(
      0,
      'network_error',
      'The helpdesk could not be reached. Check your connection and try again.',
    );
  },
};

/** The one client for the BFF, same-origin, cookie session. */
export const bff = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  // Look fetch up on every call so test doubles (MSW) installed later still see requests.
  fetch: (request) => globalThis.fetch(request),
});
bff.use(csrfMiddleware, errorMiddleware);

export type Bff = typeof bff;
export type { paths as BffPaths } from './bff-schema.gen';

/** The JSON body an operation accepts, e.g. `JsonBody<BffPaths['/bff/tickets']['post']>`. */
export type JsonBody<Operation> = Operation extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/**
 * Returns the body of a successful call. Failures never reach here (the error middleware
 * throws), so a missing body means the server broke the contract.
 */
export function unwrap<T>(result: { data?: T; response: Response }): T {
  if (result.data === undefined) {
    throw new ApiError(result.response.status, 'empty_response', 'The server sent an empty response.');
  }
  return result.data;
}
