const PENDING = 0;
const RETURNED = 1;
const THREW = 2;

/** `fn` wrapped to run at most once; later calls replay the first outcome. */
class OnceCall<T> {
  state = PENDING;
  value: T | undefined;
  error: unknown;
  constructor(private readonly fn: () => T) {}

  readonly invoke = (): T => {
    if (this.state === PENDING) {
      try {
        this.value = this.fn();
        this.state = RETURNED;
      } catch (e) {
        this.error = e;
        this.state = THREW;
      }
    }
    if (this.state === THREW) throw this.error;
    return this.value as T;
  };
}

/**
 * Runs `fn` inside `around` so that the wrapper cannot change the call: `fn` runs exactly once
 * (the guard calls it if the wrapper did not), and the caller gets `fn`'s own value or error,
 * whatever the wrapper returned or threw. A wrapper failure that is not `fn`'s own error goes to
 * `onWrapperError`.
 */
export function guardAround<T>(
  around: <U>(fn: () => U) => U,
  fn: () => T,
  onWrapperError: (error: unknown) => void,
): T {
  const once = new OnceCall(fn);
  try {
    around(once.invoke);
  } catch (e) {
    if (!(once.state === THREW && e === once.error)) onWrapperError(e);
  }
  return once.invoke();
}
