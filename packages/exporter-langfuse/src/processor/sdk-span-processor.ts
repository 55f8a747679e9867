import { loadSdkPackage } from '../sdk/load-sdk-package';
import type { SpanExporter, SpanProcessor } from '../sdk-types';

type ProcessorClass = new (arg: unknown) => SpanProcessor;
interface ProcessorModule {
  BatchSpanProcessor: ProcessorClass;
  SimpleSpanProcessor: ProcessorClass;
}

/**
 * The application's SDK `BatchSpanProcessor` or `SimpleSpanProcessor` around `exporter`:
 * `@opentelemetry/sdk-trace` (3.x, and 2.12's package of the same API) takes `{ exporter }`;
 * the 2.x line's `@opentelemetry/sdk-trace-base` takes the exporter itself.
 */
export function sdkSpanProcessor(kind: 'batch' | 'simple', exporter: SpanExporter): SpanProcessor {
  const pick = (m: ProcessorModule) => (kind === 'batch' ? m.BatchSpanProcessor : m.SimpleSpanProcessor);
  let sdkTrace: ProcessorModule | undefined;
  try {
    sdkTrace = loadSdkPackage<ProcessorModule>('@opentelemetry/sdk-trace');
  } catch {
    // the 2.x line without `@opentelemetry/sdk-trace` beside the application
  }
  if (sdkTrace && typeof pick(sdkTrace) === 'function') return new (pick(sdkTrace))({ exporter });
  return new (pick(loadSdkPackage<ProcessorModule>('@opentelemetry/sdk-trace-base')))(exporter);
}
