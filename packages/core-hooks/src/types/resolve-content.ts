import type { Content } from './payloads';

/**
 * The value of a content field that may be given as a function (see {@link Content}). Only
 * plugins that record content should call it. A throwing thunk yields `undefined`.
 */
export function resolveContent<T>(value: Content<T> | undefined): T | undefined {
  if (typeof value !== 'function') return value;
  try {
    return (value as () => T)();
  } catch {
    return undefined;
  }
}
