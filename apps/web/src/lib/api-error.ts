/** The one error type the SPA sees for a failed BFF call, whatever went wrong. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status, or 0 when no response arrived (network failure). */
    readonly status: number,
    /** The BFF's machine-readable `code`, e.g. `invalid_credentials`. */
    readonly code: string,
    message: string,
    /** The BFF's `request_id`, worth quoting in a support request. */
    readonly requestId?: string,
  ) {
    super(message);
  }

  /** Reads the BFF's error body `{ error, code, request_id }`, tolerating anything else. */
  static async fromResponse(response: Response): Promise<ApiError> {
    let body: unknown;
    try {
      body = await response.clone().json();
    } catch {
      body = undefined;
    }
    const fields = isRecord(body) ? body : {};
    const message =
      typeof fields.error === 'string' && fields.error !== ''
        ? fields.error
        : `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
    const code = typeof fields.code === 'string' ? fields.code : `http_${response.status}`;
    const requestId =
      typeof fields.request_id === 'string'
        ? fields.request_id
        : (response.headers.get('x-request-id') ?? undefined);
    return new ApiError(response.status, code, message, requestId);
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
