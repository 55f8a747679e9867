import { type Tracer, type TracerProvider, trace } from '@opentelemetry/api';
import { isLatestGenAiSemconv } from '../config/env-flags';
import { SEMCONV_SCHEMA_URL } from '../semconv';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';

// The slot where `setupTracing` (and the env-driven set-up) keeps its handle: see
// setup/setup-tracing.ts. Read through the handle's public `tracerProvider` only.
const SETUP_HANDLE_KEY = Symbol.for('mellea.instrumentation-flows.setup.v1');

/**
 * The provider flow spans go to: while a set-up made by this package is active, the one its
 * generation spans go to (reading it resolves the set-up's lazy provider, so a workflow that wraps
 * the very first generation is recorded too, in the same trace); else the global one.
 */
function flowTracerProvider(): TracerProvider {
  const handle = (globalThis as Record<symbol, { tracerProvider?: TracerProvider } | undefined>)[
    SETUP_HANDLE_KEY
  ];
  if (handle !== undefined) {
    try {
      const provider = handle.tracerProvider;
      if (provider !== undefined && typeof provider.getTracer === 'function') return provider;
    } catch {
      // fall back to the global provider
    }
  }
  return trace.getTracerProvider();
}

/**
 * The tracer for flow spans, asked for at each span so that a provider registered after this
 * package was loaded is used. Same scope as the plugin's tracer: this package's name and version,
 * and the v1.41 schema URL unless the latest-experimental GenAI conventions are opted into.
 */
export function getFlowTracer(): Tracer {
  const schemaUrl = isLatestGenAiSemconv() ? undefined : SEMCONV_SCHEMA_URL;
  return flowTracerProvider().getTracer(PACKAGE_NAME, PACKAGE_VERSION, schemaUrl ? { schemaUrl } : undefined);
}
