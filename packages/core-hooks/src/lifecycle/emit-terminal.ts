import { isHookPhaseError } from '../bus/hook-phase-error';
import { logWarn } from '../logger/hook-logger';
import type { HookType } from '../types/hook-types';
import type { PayloadOf } from '../types/plugin';
import { isThenable } from './is-thenable';

/** The bus surface the helpers use (public methods only, so another copy's bus works). */
export interface BusLike {
  hasSubscribers(type: HookType): boolean;
  emit<K extends HookType>(type: K, payload: PayloadOf<K>): unknown;
}

function postFailure<T>(error: unknown, value: T): T {
  if (isHookPhaseError(error)) throw error;
  logWarn('[@mellea/core-hooks] emitting a post-call hook failed:', error);
  return value;
}

/**
 * Emits a success phase and gives back `value`, synchronously when every handler was. A strict
 * plugin's `HookPhaseError` is thrown instead of the value.
 */
export function emitSuccess<K extends HookType, T>(
  bus: BusLike,
  type: K,
  payload: PayloadOf<K>,
  value: T,
): T | Promise<T> {
  let r: unknown;
  try {
    r = bus.emit(type, payload);
  } catch (e) {
    return postFailure(e, value);
  }
  if (isThenable(r))
    return Promise.resolve(r).then(
      () => value,
      (e) => postFailure(e, value),
    );
  return value;
}

function errorPhaseFailure(type: HookType, e: unknown): void {
  logWarn(`[@mellea/core-hooks] ${type} handlers failed; the original error propagates:`, e);
}

/**
 * Emits an error phase, then throws `error` itself (a rejection when a handler was awaited).
 * Failures of the error handlers are logged and never replace `error`.
 */
export function emitFailureAndRethrow<K extends HookType>(
  bus: BusLike,
  type: K,
  payload: PayloadOf<K>,
  error: unknown,
): Promise<never> {
  let r: unknown;
  try {
    r = bus.emit(type, payload);
  } catch (e) {
    errorPhaseFailure(type, e);
  }
  if (isThenable(r))
    return Promise.resolve(r).then(
      () => {
        throw error;
      },
      (e) => {
        errorPhaseFailure(type, e);
        throw error;
      },
    );
  throw error;
}
