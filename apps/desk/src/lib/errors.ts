/** An error that becomes a Zammad-shaped JSON reply: `{error, error_human}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** When false, the body carries only `error` (Zammad's hand-built replies). */
    readonly human = true,
  ) {
    super(message);
  }
}

export const notFound = (model: string, id: unknown) =>
  new ApiError(404, `Couldn't find ${model} with 'id'=${String(id)}`);
export const unprocessable = (message: string) => new ApiError(422, message);
export const notAuthorized = () => new ApiError(403, 'Not authorized');
export const userAuthorizationFailed = () => new ApiError(403, 'User authorization failed.');
