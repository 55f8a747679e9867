// One run of the export throughput suite: N generations made as fast as possible through the
// example framework with BackendTracingPlugin (default options), their spans handed to a
// BatchSpanProcessor with its default settings and exported by a real OTLP/HTTP exporter
// (protobuf or JSON) to the loopback receiver, or to no exporter at all (a processor whose
// exporter drops every batch), for the "generations/s with no exporter" baseline.
import type { Context } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { withPlugin } from '../e2e/framework-stacks';
import { nowhere } from '../e2e/nowhere';
import { startReceiverProcess } from './receiver';

/** Where the spans go: the real OTLP/HTTP exporters, or nowhere. */
export type ExportKind = 'protobuf' | 'json' | 'none';

/** What one run measured. */
export interface ExportRun {
  /** Generations made per second while their spans were exported. */
  generationsPerSecond: number;
  /** Spans received per second, from the first generation until the flush was done. */
  spansPerSecond: number;
  /** Spans ended by the plugin (counted by a processor beside the batch processor). */
  produced: number;
  /** Spans counted in the receiver's decoded payloads. */
  received: number;
  /** Request bytes the receiver got, per span received. */
  bytesPerSpan: number;
}

class EndedCounter implements SpanProcessor {
  ended = 0;
  onStart(_span: Span, _parent: Context): void {}
  onEnd(_span: ReadableSpan): void {
    this.ended++;
  }
  forceFlush = async () => {};
  shutdown = async () => {};
}

function exporterFor(kind: ExportKind, url: string): SpanExporter {
  if (kind === 'protobuf') return new ProtobufExporter({ url });
  if (kind === 'json') return new JsonExporter({ url });
  return nowhere;
}

/**
 * Makes `n` chat generations against `baseURL` (answered in-process by the caller's fetch stub)
 * with their spans exported as `kind` says. The receiver runs in a child process of its own.
 */
export async function exportRun(kind: ExportKind, n: number, baseURL: string): Promise<ExportRun> {
  const receiver = kind === 'none' ? undefined : await startReceiverProcess();
  try {
    const exporter = exporterFor(kind, receiver?.url ?? '');
    const counter = new EndedCounter();
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [counter, new BatchSpanProcessor(exporter)],
    });
    const stack = withPlugin(baseURL, tracerProvider);
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await stack.chat();
    const t1 = process.hrtime.bigint();
    await tracerProvider.forceFlush();
    await exporter.forceFlush?.();
    const t2 = process.hrtime.bigint();
    const tally = receiver ? await receiver.tally() : { spans: counter.ended, bytes: 0, undecoded: 0 };
    await tracerProvider.shutdown();
    if (tally.undecoded > 0) throw new Error(`the receiver could not decode ${tally.undecoded} request(s)`);
    return {
      generationsPerSecond: n / (Number(t1 - t0) / 1e9),
      spansPerSecond: tally.spans / (Number(t2 - t0) / 1e9),
      produced: counter.ended,
      received: tally.spans,
      bytesPerSpan: tally.spans > 0 ? tally.bytes / tally.spans : 0,
    };
  } finally {
    receiver?.close();
  }
}
