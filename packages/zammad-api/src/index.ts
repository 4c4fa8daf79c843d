import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.gen.ts';

export type { components, paths };
export type Ticket = components['schemas']['Ticket'];
export type TicketArticle = components['schemas']['TicketArticle'];
export type TicketCreate = components['schemas']['TicketCreate'];
export type User = components['schemas']['User'];
export type ZammadClient = Client<paths>;

export type ZammadAuth =
  | { token: string; onBehalfOf?: string | number | undefined }
  | { basic: { login: string; password: string } }
  /** No credentials: Zammad's public routes (sign-up, e-mail verification, password reset). */
  | { anonymous: true };

export interface ZammadClientOptions {
  /** Base URL of the Zammad installation, without `/api/v1` (e.g. `http://127.0.0.1:3000`). */
  baseUrl: string;
  auth: ZammadAuth;
  /** Upper bound for each call, in milliseconds (default 10 s). */
  timeoutMs?: number;
  /** For tests: defaults to the global fetch, read at call time so MSW can intercept. */
  fetch?: (req: Request) => Promise<Response>;
}

/** An upstream reply that is not 2xx, or no reply at all. */
export class ZammadError extends Error {
  constructor(
    /** HTTP status, or 0 when the upstream could not be reached, or 'timeout'. */
    readonly status: number,
    message: string,
    readonly kind: 'http' | 'unreachable' | 'timeout' | 'malformed' = 'http',
  ) {
    super(message);
    this.name = 'ZammadError';
  }
}

function authMiddleware(auth: ZammadAuth): Middleware {
  return {
    onRequest({ request }) {
      if ('token' in auth) {
        request.headers.set('Authorization', `Token token=${auth.token}`);
        if (auth.onBehalfOf !== undefined) request.headers.set('From', String(auth.onBehalfOf));
      } else if ('basic' in auth) {
        const raw = `${auth.basic.login}:${auth.basic.password}`;
        request.headers.set('Authorization', `Basic ${Buffer.from(raw, 'utf8').toString('base64')}`);
      }
      return request;
    },
  };
}

/**
 * A typed client for one Zammad-compatible upstream and one identity: a service token
 * acting for a person (`From`), or a person's own Basic credentials (sign-in check).
 */
export function createZammadClient(opts: ZammadClientOptions): ZammadClient {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const doFetch = opts.fetch ?? ((req: Request) => globalThis.fetch(req));
  const client = createClient<paths>({
    baseUrl: `${opts.baseUrl.replace(/\/+$/, '')}/api/v1`,
    fetch: async (req: Request) => {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        return await doFetch(new Request(req, { signal }));
      } catch (err) {
        if (signal.aborted)
          throw new ZammadError(504, `The helpdesk did not answer within ${timeoutMs} ms`, 'timeout');
        throw new ZammadError(0, `The helpdesk cannot be reached (${(err as Error).message})`, 'unreachable');
      }
    },
  });
  client.use(authMiddleware(opts.auth));
  return client;
}

/**
 * Unwraps an openapi-fetch result: the data, or a ZammadError carrying the upstream's
 * status and its `error` message.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  const { response } = result;
  if (response.ok && result.data !== undefined) return result.data;
  if (response.ok) return undefined as T;
  const body = result.error;
  const message =
    body &&
    typeof body === 'object' &&
    'error' in body &&
    typeof (body as { error: unknown }).error === 'string'
      ? (body as { error: string }).error
      : `Upstream answered ${response.status}`;
  throw new ZammadError(response.status, message);
}
