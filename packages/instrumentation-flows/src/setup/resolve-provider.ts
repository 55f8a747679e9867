import { context, propagation, type TracerProvider, trace } from '@opentelemetry/api';
import type { SpanProcessor } from '../sdk-types';
import { findOtelSdk, MissingSdkPackageError, type OtelSdk, type OwnedProvider } from './sdk/otel-sdk';

export type { OwnedProvider } from './sdk/otel-sdk';

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

/** What {@link resolveProvider} settled on. */
export type ResolvedProvider =
  | { owned: false; provider: TracerProvider }
  | { owned: true; provider: OwnedProvider; unregister(): void };

/** What building a provider needs. */
export interface BuildOptions {
  /** `service.name` given in code; wins over `OTEL_SERVICE_NAME`. */
  serviceName?: string;
  /** Called only when we build: makes the span processors (and gives the set-up warnings). */
  spanProcessors: (sdk: OtelSdk) => SpanProcessor[];
  /** Called when the application has no OTel SDK (or lacks a package of it): nothing is built. */
  onMissingSdk: (missing?: { error: MissingSdkPackageError; sdk: OtelSdk }) => void;
  /** Finds the application's SDK; default {@link findOtelSdk}. */
  findSdk?: () => OtelSdk | undefined;
}

interface ResourcesModule {
  defaultResource(): Resource;
  detectResources(config: { detectors: unknown[] }): Resource;
  resourceFromAttributes(attributes: Record<string, string>): Resource;
  envDetector: unknown;
  hostDetector: unknown;
  osDetector: unknown;
  processDetector: unknown;
}
interface Resource {
  merge(other: Resource): Resource;
}

function buildResource(sdk: OtelSdk, serviceName: string | undefined): Resource {
  const r = sdk.load<ResourcesModule>('@opentelemetry/resources');
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
 * global proxy is returned, nothing is added to it. Otherwise a provider of the SDK line the
 * application installed ({@link findOtelSdk}: 3.x `TracerProvider`, 2.x `NodeTracerProvider`) is
 * built with the standard resource (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, the default
 * detectors) and the chosen span processors, and registered globally with the AsyncLocalStorage
 * context manager and the default propagators (each only if none is registered yet); its
 * `unregister()` takes down what was registered, while it is still the global one. Without an
 * SDK (or a package of it), `onMissingSdk` is told and nothing is built: the app runs untraced.
 */
export function resolveProvider(options: BuildOptions): ResolvedProvider {
  if (hasGlobalTracerProvider()) return { owned: false, provider: trace.getTracerProvider() };
  const untraced = (missing?: { error: MissingSdkPackageError; sdk: OtelSdk }): ResolvedProvider => {
    options.onMissingSdk(missing);
    return { owned: false, provider: trace.getTracerProvider() };
  };
  const sdk = (options.findSdk ?? findOtelSdk)();
  if (!sdk) return untraced();

  const registry = apiRegistry();
  const registerContext = registry?.context === undefined;
  const registerPropagation = registry?.propagation === undefined;
  let provider: OwnedProvider;
  try {
    provider = sdk.registerProvider({
      resource: buildResource(sdk, options.serviceName),
      spanProcessors: options.spanProcessors(sdk),
      registerContext,
      registerPropagation,
    });
  } catch (error) {
    if (error instanceof MissingSdkPackageError) return untraced({ error, sdk });
    throw error;
  }
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
