import {
  type ContextManager,
  context,
  propagation,
  type Sampler,
  type TextMapPropagator,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '../../sdk-types';
import { applicationLookup, loadSdkPackage, majorOf, type SdkLookup } from './load-sdk-package';
import { type SamplerClasses, samplerFromEnv } from './sampler-from-env';

/** The provider we build, with what the handle needs of it. */
export interface OwnedProvider extends TracerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** What building the provider needs. */
export interface ProviderParts {
  /** The resource (the SDK's `Resource`, made with the same line's `@opentelemetry/resources`). */
  resource: unknown;
  spanProcessors: SpanProcessor[];
  /** Register the AsyncLocalStorage context manager (none is registered yet). */
  registerContext: boolean;
  /** Register the W3C trace-context and baggage propagators (none is registered yet). */
  registerPropagation: boolean;
}

/** The OTel JS SDK line the application installed, as set-up uses it. */
export interface OtelSdk {
  /** 3 for `@opentelemetry/sdk-trace` 3.x, 2 for the 2.x line. */
  readonly line: number;
  /** The package and version the provider comes from, e.g. `@opentelemetry/sdk-trace 3.1.1`. */
  readonly source: string;
  batchProcessor(exporter: SpanExporter): SpanProcessor;
  simpleProcessor(exporter: SpanExporter): SpanProcessor;
  /** Builds the provider and registers it (and what `parts` asks for) globally. */
  registerProvider(parts: ProviderParts): OwnedProvider;
  /** Another SDK package (`@opentelemetry/resources`, an exporter, ...), resolved as the SDK was. */
  load<T>(name: string): T;
}

/** An SDK package set-up needs is not installed beside the application. */
export class MissingSdkPackageError extends Error {
  constructor(readonly packageName: string) {
    super(`${packageName} is not installed`);
    this.name = 'MissingSdkPackageError';
  }
}

type ProcessorClass = new (arg: unknown) => SpanProcessor;
type ProviderClass = new (options: Record<string, unknown>) => OwnedProvider;

interface SdkTraceModule extends SamplerClasses {
  TracerProvider: ProviderClass;
  BatchSpanProcessor: ProcessorClass;
  SimpleSpanProcessor: ProcessorClass;
}
interface SdkTraceBaseModule {
  BatchSpanProcessor: ProcessorClass;
  SimpleSpanProcessor: ProcessorClass;
}
interface SdkTraceNodeModule {
  NodeTracerProvider: new (
    options: Record<string, unknown>,
  ) => OwnedProvider & {
    register(config: { contextManager?: ContextManager | null; propagator?: TextMapPropagator | null }): void;
  };
}
interface ContextAsyncHooksModule {
  AsyncLocalStorageContextManager: new () => ContextManager;
}
interface CoreModule {
  CompositePropagator: new (config: { propagators: TextMapPropagator[] }) => TextMapPropagator;
  W3CTraceContextPropagator: new () => TextMapPropagator;
  W3CBaggagePropagator: new () => TextMapPropagator;
  getNumberFromEnv(name: string): number | undefined;
}

function loader(lookup: SdkLookup) {
  return <T>(name: string): T => {
    const found = loadSdkPackage<T>(name, lookup);
    if (!found) throw new MissingSdkPackageError(name);
    return found.module;
  };
}

/** The span limits the OTel specification's variables set (SDK 2's providers read them themselves). */
function spanLimitsFromEnv(core: CoreModule): Record<string, number> {
  const num = (...names: string[]) => {
    for (const name of names) {
      const value = core.getNumberFromEnv(name);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const limits: Record<string, number | undefined> = {
    attributeValueLengthLimit: num(
      'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
      'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT',
    ),
    attributeCountLimit: num('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT'),
    eventCountLimit: num('OTEL_SPAN_EVENT_COUNT_LIMIT'),
    linkCountLimit: num('OTEL_SPAN_LINK_COUNT_LIMIT'),
    attributePerEventCountLimit: num('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT'),
    attributePerLinkCountLimit: num('OTEL_LINK_ATTRIBUTE_COUNT_LIMIT'),
  };
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as Record<
    string,
    number
  >;
}

/**
 * `@opentelemetry/sdk-trace` (3.x; its `TracerProvider` has no `register()`): processors take
 * `{ exporter }`; the context manager and the W3C propagators are registered here; span limits
 * and the sampler come from the OTel variables, which the 3.x provider does not read itself.
 */
function sdkTraceLine(
  sdk: SdkTraceModule,
  version: string | undefined,
  load: <T>(name: string) => T,
): OtelSdk {
  return {
    line: majorOf(version) ?? 3,
    source: `@opentelemetry/sdk-trace ${version ?? ''}`.trim(),
    batchProcessor: (exporter) => new sdk.BatchSpanProcessor({ exporter }),
    simpleProcessor: (exporter) => new sdk.SimpleSpanProcessor({ exporter }),
    load,
    registerProvider(parts) {
      const core = load<CoreModule>('@opentelemetry/core');
      const contextManager = parts.registerContext
        ? new (load<ContextAsyncHooksModule>(
            '@opentelemetry/context-async-hooks',
          ).AsyncLocalStorageContextManager)()
        : undefined;
      const sampler: Sampler | undefined = samplerFromEnv(
        sdk as unknown as Parameters<typeof samplerFromEnv>[0],
      );
      const provider = new sdk.TracerProvider({
        resource: parts.resource,
        spanProcessors: parts.spanProcessors,
        spanLimits: spanLimitsFromEnv(core),
        ...(sampler ? { sampler } : {}),
      });
      if (contextManager) context.setGlobalContextManager(contextManager.enable());
      if (parts.registerPropagation) {
        propagation.setGlobalPropagator(
          new core.CompositePropagator({
            propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()],
          }),
        );
      }
      trace.setGlobalTracerProvider(provider);
      return provider;
    },
  };
}

/** The 2.x line as it always was: `NodeTracerProvider` and its `register()`. */
function sdkTraceNodeLine(
  node: SdkTraceNodeModule,
  version: string | undefined,
  load: <T>(name: string) => T,
): OtelSdk {
  const base = () => load<SdkTraceBaseModule>('@opentelemetry/sdk-trace-base');
  return {
    line: majorOf(version) ?? 2,
    source: `@opentelemetry/sdk-trace-node ${version ?? ''}`.trim(),
    batchProcessor: (exporter) => new (base().BatchSpanProcessor)(exporter),
    simpleProcessor: (exporter) => new (base().SimpleSpanProcessor)(exporter),
    load,
    registerProvider(parts) {
      const contextManager = parts.registerContext
        ? new (load<ContextAsyncHooksModule>(
            '@opentelemetry/context-async-hooks',
          ).AsyncLocalStorageContextManager)()
        : null;
      const provider = new node.NodeTracerProvider({
        resource: parts.resource,
        spanProcessors: parts.spanProcessors,
      });
      provider.register({ contextManager, propagator: parts.registerPropagation ? undefined : null });
      return provider;
    },
  };
}

/**
 * The OTel JS SDK line the application installed, resolved from its folder (see
 * {@link applicationLookup}): `@opentelemetry/sdk-trace` 3.x first (Node ≥ 22.15), else the
 * 2.x line's `@opentelemetry/sdk-trace-node`, else `@opentelemetry/sdk-trace` 2.x (same API as
 * 3.x). `undefined` when none is installed. Never loads anything the app did not install.
 */
export function findOtelSdk(lookup: SdkLookup = applicationLookup()): OtelSdk | undefined {
  const load = loader(lookup);
  const sdkTrace = loadSdkPackage<SdkTraceModule>('@opentelemetry/sdk-trace', lookup);
  const usable = sdkTrace !== undefined && typeof sdkTrace.module.TracerProvider === 'function';
  if (usable && (majorOf(sdkTrace.version) ?? 0) >= 3)
    return sdkTraceLine(sdkTrace.module, sdkTrace.version, load);
  const node = loadSdkPackage<SdkTraceNodeModule>('@opentelemetry/sdk-trace-node', lookup);
  if (node && typeof node.module.NodeTracerProvider === 'function') {
    return sdkTraceNodeLine(node.module, node.version, load);
  }
  return usable ? sdkTraceLine(sdkTrace.module, sdkTrace.version, load) : undefined;
}
