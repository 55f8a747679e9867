import { context, diag, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A real SDK tracer provider registered globally, with an in-memory exporter, for tests. */
export interface TracingTestEnv {
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  /** Finished spans, in the order they ended. */
  spans(): ReadableSpan[];
  /** The one finished span called `name` (throws when there is not exactly one). */
  span(name: string): ReadableSpan;
  /** Shuts the provider down and resets the global OTel state. */
  close(): Promise<void>;
}

/**
 * Registers a `BasicTracerProvider` (extra `spanProcessors` first, then a `SimpleSpanProcessor`
 * into an `InMemorySpanExporter`) and the AsyncLocalStorage context manager as the OTel globals.
 */
export function setupTracingTestEnv(opts?: { spanProcessors?: SpanProcessor[] }): TracingTestEnv {
  resetOtelGlobals();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [...(opts?.spanProcessors ?? []), new SimpleSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider);
  return {
    provider,
    exporter,
    spans: () => exporter.getFinishedSpans(),
    span(name) {
      const found = exporter.getFinishedSpans().filter((s) => s.name === name);
      if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length}`);
      return found[0];
    },
    async close() {
      await provider.shutdown();
      resetOtelGlobals();
    },
  };
}

/** Unregisters every OTel global (tracer provider, context manager, propagator, diag logger). */
export function resetOtelGlobals(): void {
  trace.disable();
  context.disable();
  propagation.disable();
  diag.disable();
}
