import { context, diag, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { loggingErrorHandler, setGlobalErrorHandler } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A real provider with an in-memory exporter beside the processors under test. */
export interface TestTracing {
  provider: BasicTracerProvider;
  memory: InMemorySpanExporter;
}

/**
 * Builds a `BasicTracerProvider` with `processors` plus a `SimpleSpanProcessor(InMemorySpanExporter)`
 * (what "other exporters" see), and (re)installs the AsyncLocalStorage context manager globally.
 */
export function startTracing(...processors: SpanProcessor[]): TestTracing {
  context.disable();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [...processors, new SimpleSpanProcessor(memory)],
  });
  return { provider, memory };
}

/** Resets the global OTel state the tests touch. */
export function resetOtelGlobals(): void {
  setGlobalErrorHandler(loggingErrorHandler());
  context.disable();
  trace.disable();
  diag.disable();
}

/** The OTel context key `@mellea/instrumentation-flows` stores its trace context under. */
export const TRACE_CONTEXT_KEY = Symbol.for('mellea.trace-context.v1');

/** Runs `fn` with `value` as the active trace context, exactly as `withTraceContext` stores it. */
export function withTraceContextValue<T>(value: Record<string, unknown>, fn: () => T): T {
  return context.with(context.active().setValue(TRACE_CONTEXT_KEY, Object.freeze(value)), fn);
}
