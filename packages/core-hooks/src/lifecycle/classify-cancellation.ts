function errorName(e: unknown): unknown {
  return typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
}

/**
 * Whether a failure is a cancellation: an error named `AbortError`, or any failure once `signal`
 * fired for a reason other than a timeout. A `TimeoutError` (e.g. `AbortSignal.timeout`) is a
 * failure, not a cancellation.
 */
export function isCancellation(error: unknown, signal: AbortSignal | undefined): boolean {
  const name = errorName(error);
  if (name === 'TimeoutError') return false;
  if (name === 'AbortError') return true;
  if (signal?.aborted) return errorName(signal.reason) !== 'TimeoutError';
  return false;
}

/** The error the helpers make when the consumer stops or drops a stream. */
export function consumerAbortError(message: string): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}
