import { logWarn } from '../logger/hook-logger';

const reported = new WeakSet<object>();

/** Logs a failing framework callback (`toResponse`, `collect`), once per callback object. */
export function reportCallbackFailure(owner: object, label: string, error: unknown): void {
  if (reported.has(owner)) return;
  reported.add(owner);
  logWarn(
    `[@mellea/core-hooks] ${label} threw; the hooks get a partial response, the caller is unaffected:`,
    error,
  );
}

/**
 * Calls a framework callback that only feeds the hooks (`toResponse`, `collect`): a throw is
 * logged (once per callback object) and `fallback` is used, so the caller still gets its result.
 */
export function isolateCallback<A, R>(
  owner: object,
  label: string,
  fn: (arg: A) => R,
  arg: A,
  fallback: R,
): R {
  try {
    return fn.call(owner, arg);
  } catch (error) {
    reportCallbackFailure(owner, label, error);
    return fallback;
  }
}
