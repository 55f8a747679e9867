// A tracer provider whose batch processor exports to nowhere. Only sdk-trace-base is loaded here:
// the memory suite's child processes measure what a configuration loads, and must not pay for
// the MeterProvider of e2e/otel.ts.
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';

/** An exporter that drops every batch (the batch processor's work stays, the export does not). */
export const nowhere: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
};

/** A provider with a BatchSpanProcessor (default settings) to {@link nowhere}. */
export function tracerProviderToNowhere(): BasicTracerProvider {
  return new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(nowhere)] });
}
