// @ts-check
// Errors the backend throws. Names follow the OpenAI SDK, so `error.type` on a span reads well.

/** @type {Record<number, string>} */
const NAMES = {
  400: 'BadRequestError',
  401: 'AuthenticationError',
  403: 'PermissionDeniedError',
  404: 'NotFoundError',
  429: 'RateLimitError',
};

/** A non-2xx reply from the provider. */
export class APIError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {{ message?: string, type?: string, code?: string | null } | undefined} body the `error` object of the reply
   */
  constructor(status, body) {
    super(`${status} ${body?.message ?? 'provider error'}`);
    this.name = NAMES[status] ?? (status >= 500 ? 'InternalServerError' : 'APIError');
    this.status = status;
    this.type = body?.type;
    this.code = body?.code ?? undefined;
  }
}
