import { ERROR_TYPE_VALUE_OTHER } from './semconv';

const MAX_TYPE_LENGTH = 256;

/**
 * The `error.type` of a failure, for flow and generation spans and metrics alike: the error's
 * `name`, else its class name, else `_OTHER` (a thrown string or function, a plain object,
 * `null`). At most 256 characters; `_OTHER` when reading the error throws (a getter or proxy).
 */
export function errorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return ERROR_TYPE_VALUE_OTHER;
  try {
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '' && name !== 'Error') return name.slice(0, MAX_TYPE_LENGTH);
    const ctor = (Object.getPrototypeOf(error) as { constructor?: { name?: unknown } } | null)?.constructor
      ?.name;
    if (typeof ctor === 'string' && ctor !== '' && ctor !== 'Object') return ctor.slice(0, MAX_TYPE_LENGTH);
    if (name === 'Error') return name;
  } catch {
    // a throwing getter or proxy trap: fall through
  }
  return ERROR_TYPE_VALUE_OTHER;
}

/**
 * The status message of a failure, for flow and generation spans alike: a thrown string itself,
 * an object's `message` when it is a string (else empty: `[object Object]` says nothing), any
 * other value as a string; empty when reading it throws (a getter, proxy or `toString`).
 */
export function errorMessage(error: unknown): string {
  try {
    if (typeof error === 'string') return error;
    if (error !== null && typeof error === 'object') {
      const message = (error as { message?: unknown }).message;
      return typeof message === 'string' ? message : '';
    }
    return String(error);
  } catch {
    return '';
  }
}
