import type { TracerProvider } from '@opentelemetry/api';
import type { TracingHandle } from './tracing-handle';

// The handle of the active set-up (`setupTracing`, `MELLEA_TRACES_ENABLED`, `/register`), shared
// with other copies of this package through a versioned global symbol; read through the
// handle's public members only.
const HANDLE_KEY = Symbol.for('mellea.instrumentation-flows.setup.v1');
type HandleSlot = { [HANDLE_KEY]?: TracingHandle };

/** The handle of the active set-up, or `undefined` without one. */
export function activeSetup(): TracingHandle | undefined {
  return (globalThis as HandleSlot)[HANDLE_KEY];
}

/** Makes `handle` the active set-up. */
export function setActiveSetup(handle: TracingHandle): void {
  (globalThis as HandleSlot)[HANDLE_KEY] = handle;
}

/** Forgets the active set-up if it is still `handle`. */
export function releaseActiveSetup(handle: TracingHandle): void {
  const slot = globalThis as HandleSlot;
  if (slot[HANDLE_KEY] === handle) delete slot[HANDLE_KEY];
}

/**
 * The provider of the active set-up made by this package, or `undefined` without one. Reading it
 * resolves the set-up's lazy provider, which registers the provider we build together with its
 * AsyncLocalStorage context manager: flow spans and `withTraceContext` call it so that what runs
 * before the first generation is traced too.
 */
export function setUpTracerProvider(): TracerProvider | undefined {
  const handle = activeSetup();
  if (handle === undefined) return undefined;
  try {
    const provider = (handle as { tracerProvider?: TracerProvider }).tracerProvider;
    return provider !== undefined && typeof provider.getTracer === 'function' ? provider : undefined;
  } catch {
    return undefined;
  }
}
