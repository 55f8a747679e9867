import type { TracerProvider } from '@opentelemetry/api';

// The slot where `setupTracing` (and the env-driven set-up) keeps its handle: see
// setup/setup-tracing.ts. Read through the handle's public `tracerProvider` only.
const SETUP_HANDLE_KEY = Symbol.for('mellea.instrumentation-flows.setup.v1');

/**
 * The provider of the active set-up made by this package (`setupTracing`, `MELLEA_TRACES_ENABLED`,
 * `/register`), or `undefined` without one. Reading it resolves the set-up's lazy provider, which
 * registers the provider we build together with its AsyncLocalStorage context manager: flow spans
 * and `withTraceContext` call it so that what runs before the first generation is traced too.
 */
export function setUpTracerProvider(): TracerProvider | undefined {
  const handle = (globalThis as Record<symbol, { tracerProvider?: TracerProvider } | undefined>)[
    SETUP_HANDLE_KEY
  ];
  if (handle === undefined) return undefined;
  try {
    const provider = handle.tracerProvider;
    return provider !== undefined && typeof provider.getTracer === 'function' ? provider : undefined;
  } catch {
    return undefined;
  }
}
