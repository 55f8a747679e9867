// @ts-check
// Model names that make the server fail on purpose, so error paths can be shown and tested.
import { HttpError } from './http-io.mjs';

/** Models that fail, and how. */
export const FAILING_MODELS = Object.freeze({
  /** 500 `server_error`. */
  FAIL: 'fail-model',
  /** 429 `rate_limit_error` with `retry-after: 1`. */
  RATE_LIMIT: 'rate-limit-model',
  /** Streams: sends two chunks, then drops the connection (a failure mid-stream). */
  FAIL_STREAM: 'fail-stream-model',
  /** Answers after a delay (for abort and timeout demos); see `SLOW_MS`. */
  SLOW: 'slow-model',
});

/** How long `slow-model` waits before answering, in milliseconds. */
export const SLOW_MS = 400;

/**
 * The error a model name asks for, if any.
 * @param {unknown} model
 * @returns {HttpError | undefined}
 */
export function forcedError(model) {
  if (typeof model !== 'string' || model === '') {
    return new HttpError(400, 'you must provide a model parameter', 'invalid_request_error', 'missing_model');
  }
  if (model === FAILING_MODELS.FAIL) {
    return new HttpError(500, 'The mock server failed on purpose (model fail-model).', 'server_error');
  }
  if (model === FAILING_MODELS.RATE_LIMIT) {
    return new HttpError(
      429,
      'Rate limit reached for rate-limit-model (mock). Please try again in 1s.',
      'rate_limit_error',
      'rate_limit_exceeded',
    );
  }
  return undefined;
}

/**
 * Waits `SLOW_MS` when the model is `slow-model`; resolves early if the client goes away.
 * @param {string} model
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<void>}
 */
export function delayFor(model, req) {
  if (model !== FAILING_MODELS.SLOW) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, SLOW_MS);
    req.socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
