/** The error an awaited handler fails with when it outlives its `timeoutMs`. */
export class HookTimeoutError extends Error {
  override readonly name = 'HookTimeoutError';
}

/**
 * Awaits a blocking handler's promise for at most `ms`. The timer is cleared as soon as the
 * promise settles; while pending it keeps the process alive (the one timer allowed to).
 */
export function awaitWithTimeout<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HookTimeoutError(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
