import { context, propagation, type TracerProvider, trace } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

// Where @opentelemetry/api 1.x keeps what was registered globally (shared by every API copy).
const OTEL_API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

type ApiRegistry = { trace?: unknown; context?: unknown; propagation?: unknown };

function apiRegistry(): ApiRegistry | undefined {
  return (globalThis as Record<symbol, ApiRegistry | undefined>)[OTEL_API_GLOBAL];
}

/** Whether some code registered a global TracerProvider (NodeSDK, `provider.register()`, ...). */
export function hasGlobalTracerProvider(): boolean {
  return apiRegistry()?.trace !== undefined;
}

/** The provider we built, with what the handle needs of it. */
export interface OwnedProvider extends TracerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** What {@link resolveProvider} settled on. */
export type ResolvedProvider =
  | { owned: false; provider: TracerProvider }
  | { owned: true; provider: OwnedProvider; unregister(): void };

/** What building a provider needs. */
export interface BuildOptions {
  /** `service.name` given in code; wins over `OTEL_SERVICE_NAME`. */
  serviceName?: string;
  /** Called only when we build: makes the span processors (and gives the set-up warnings). */
  spanProcessors: () => SpanProcessor[];
}

function buildResource(serviceName: string | undefined) {
  const r = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  let resource = r
    .defaultResource()
    .merge(
      r.detectResources({ detectors: [r.envDetector, r.hostDetector, r.osDetector, r.processDetector] }),
    );
  if (serviceName) resource = resource.merge(r.resourceFromAttributes({ 'service.name': serviceName }));
  return resource;
}

/**
 * Resolves the TracerProvider when the first span is needed. A real global TracerProvider
 * registered by then (for example the user's NodeSDK, started at boot) is used as it is: the
 * global proxy is returned, nothing is added to it. Otherwise a `NodeTracerProvider` is built
 * with the standard resource (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, the default
 * detectors) and the chosen span processors, and registered globally with the AsyncLocalStorage
 * context manager and the default propagators (each only if none is registered yet); its
 * `unregister()` takes down what was registered, while it is still the global one.
 */
export function resolveProvider(options: BuildOptions): ResolvedProvider {
  if (hasGlobalTracerProvider()) return { owned: false, provider: trace.getTracerProvider() };

  const { NodeTracerProvider } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { AsyncLocalStorageContextManager } =
    require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  const provider = new NodeTracerProvider({
    resource: buildResource(options.serviceName),
    spanProcessors: options.spanProcessors(),
  });
  const registry = apiRegistry();
  const registerContext = registry?.context === undefined;
  const registerPropagation = registry?.propagation === undefined;
  provider.register({
    contextManager: registerContext ? new AsyncLocalStorageContextManager() : null,
    propagator: registerPropagation ? undefined : null,
  });
  return {
    owned: true,
    provider,
    unregister() {
      // Only what we registered, and only while it is still ours.
      const global = trace.getTracerProvider() as TracerProvider & { getDelegate?(): TracerProvider };
      if (global.getDelegate?.() !== provider) return;
      trace.disable();
      if (registerContext) context.disable();
      if (registerPropagation) propagation.disable();
    },
  };
}
