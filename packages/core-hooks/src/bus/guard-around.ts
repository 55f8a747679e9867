import type { FailureReporter } from './failure-reporter';

const PENDING = 0;
const RETURNED = 1;
const THREW = 2;

/**
 * Runs `fn` inside `around`, called as a method of `owner` (the object the handler returned), so
 * that the wrapper cannot change the call: `fn` runs exactly once (the guard calls it if the
 * wrapper did not; later calls replay the first outcome), and the caller gets `fn`'s own value or
 * error, whatever the wrapper returned or threw. A wrapper failure that is not `fn`'s own error is
 * reported for `plugin`.
 */
export function guardAround<T>(
  around: <U>(fn: () => U) => U,
  owner: object,
  fn: () => T,
  reporter: FailureReporter,
  plugin: string,
  hook: string,
): T {
  let state = PENDING;
  let value: T | undefined;
  let error: unknown;
  const once = (): T => {
    if (state === PENDING) {
      try {
        value = fn();
        state = RETURNED;
      } catch (e) {
        error = e;
        state = THREW;
      }
    }
    if (state === THREW) throw error;
    return value as T;
  };
  try {
    around.call(owner, once);
  } catch (e) {
    if (!(state === THREW && e === error)) reporter.warnOnce(plugin, hook, e);
  }
  return once();
}
