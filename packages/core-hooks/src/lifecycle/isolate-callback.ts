import { logDebug, logWarn } from '../logger/hook-logger';

/** Callback failures that get their own warning; later new ones are logged at debug level. */
const MAX_REPORTED = 64;
/** How much of a callback's source identifies it. */
const SOURCE_CHARS = 300;
const reported = new Set<string>();

/**
 * Which callback failed: its label and its code. Frameworks usually pass a fresh closure per call
 * (`(res) => toResponse(res)`), so the function object itself would warn on every generation.
 */
function callbackKey(fn: unknown, label: string): string {
  let source = '';
  try {
    source = Function.prototype.toString.call(fn).slice(0, SOURCE_CHARS);
  } catch {
    // not a function: the label alone identifies it
  }
  return `${label}\u0000${source}`;
}

/**
 * Logs a failing framework callback (`toResponse`, `collect`): one warning per callback (its label
 * and code, so a fresh closure per call still warns once), repeats at debug level. Bounded.
 */
export function reportCallbackFailure(fn: unknown, label: string, error: unknown): void {
  const key = callbackKey(fn, label);
  if (reported.has(key) || reported.size >= MAX_REPORTED) {
    logDebug(`[@mellea/core-hooks] ${label} threw again:`, error);
    return;
  }
  reported.add(key);
  logWarn(
    `[@mellea/core-hooks] ${label} threw; the hooks get a partial response, the caller is unaffected (further failures of it are logged at debug level):`,
    error,
  );
}

/**
 * Calls a framework callback that only feeds the hooks (`toResponse`, `collect`) with `owner` as
 * `this`: a throw is logged (once per callback) and `fallback` is used, so the caller still gets
 * its result.
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
    reportCallbackFailure(fn, label, error);
    return fallback;
  }
}

/** Forgets which callbacks were reported (tests). @internal */
export function resetCallbackReportsForTests(): void {
  reported.clear();
}
