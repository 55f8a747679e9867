import type { TracerProvider } from '@opentelemetry/api';

type Flushable = TracerProvider & { forceFlush?(): Promise<unknown>; getDelegate?(): TracerProvider };

/**
 * Flushes a provider this package did not build, through its public methods only: looks through
 * the API's global proxy (`getDelegate`) and calls `forceFlush` when the provider has one (a
 * no-op provider has none). May reject with the provider's own error.
 */
export function flushForeignProvider(provider: TracerProvider): Promise<unknown> {
  try {
    const p = provider as Flushable;
    const target = (typeof p.getDelegate === 'function' ? p.getDelegate() : p) as Flushable;
    return typeof target.forceFlush === 'function' ? target.forceFlush() : Promise.resolve();
  } catch (error) {
    return Promise.reject(error);
  }
}
