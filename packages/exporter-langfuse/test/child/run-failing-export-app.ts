// A traced application in a child process (node --import tsx; the OTLP exporters load node:http with
// a dynamic import(), which jest only supports under --experimental-vm-modules) whose exports fail.
// argv[2] is a JSON `FailingExportRequest`; prints one JSON line `FailingExportResult` on stdout.
import { ExportResultCode, setGlobalErrorHandler } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { LangfuseExporter, LangfuseSpanProcessor } from '../../src';
import { LangfuseMappingExporter } from '../../src/export/langfuse-mapping-exporter';
import { captureDiag, type DiagEntry } from '../support/capture-diag';
import { runLlmTrace } from '../support/llm-trace';
import { startTracing } from '../support/tracing';
import { printResultOf } from './app-protocol';

/** What the child does: two traced runs, each followed by a flush. */
export interface FailingExportRequest {
  /**
   * `batch-langfuse` / `batch-otlp`: a real `BatchSpanProcessor` around the mapping exporter around a
   * `LangfuseExporter` / the user's `OTLPTraceExporter`, flushed directly (its outcome recorded);
   * `processor`: a `LangfuseSpanProcessor` with `exportMode`, flushed and shut down.
   */
  setup: 'batch-langfuse' | 'batch-otlp' | 'processor';
  url: string;
  exportMode?: 'batched' | 'immediate';
  keys: { publicKey: string; secretKey: string };
}

/** What the child reports. */
export interface FailingExportResult {
  /** Each result the mapping exporter handed to the batch processor (`batch-*` set-ups). */
  exported: { code: number; error?: string }[];
  /** Each flush of the batch processor: resolved, or rejected with the error it exported. */
  flushes: ({ resolved: true } | { rejected: string; isExportedError: boolean })[];
  /** What the OTel global error handler received. */
  globalErrors: string[];
  /** Anything that threw into the "application". */
  thrown: string[];
  logs: DiagEntry[];
}

async function batchSetup(request: FailingExportRequest, result: FailingExportResult): Promise<void> {
  const target: SpanExporter =
    request.setup === 'batch-langfuse'
      ? new LangfuseExporter({ ...request.keys, baseUrl: request.url })
      : new OTLPTraceExporter({ url: request.url });
  const mapping = new LangfuseMappingExporter({ target, lookup: () => undefined });
  const errors: (Error | undefined)[] = [];
  const recording: SpanExporter = {
    export: (spans, cb) =>
      mapping.export(spans, (r) => {
        errors.push(r.error);
        result.exported.push({ code: r.code, error: r.error?.message });
        cb(r);
      }),
    shutdown: () => mapping.shutdown(),
  };
  const batch = new BatchSpanProcessor(recording);
  const { provider } = startTracing(batch);
  for (let run = 0; run < 2; run++) {
    runLlmTrace(provider);
    await batch.forceFlush().then(
      () => result.flushes.push({ resolved: true }),
      (error: Error) =>
        result.flushes.push({ rejected: error.message, isExportedError: errors.includes(error) }),
    );
  }
  await batch.shutdown();
}

async function processorSetup(request: FailingExportRequest): Promise<void> {
  const processor = new LangfuseSpanProcessor({
    ...request.keys,
    baseUrl: request.url,
    exportMode: request.exportMode,
  });
  const { provider } = startTracing(processor);
  for (let run = 0; run < 2; run++) {
    runLlmTrace(provider);
    await processor.forceFlush();
  }
  await processor.shutdown();
}

async function main(): Promise<FailingExportResult> {
  const request = JSON.parse(process.argv[2]) as FailingExportRequest;
  const logs = captureDiag();
  const result: FailingExportResult = {
    exported: [],
    flushes: [],
    globalErrors: [],
    thrown: [],
    logs: logs.entries,
  };
  setGlobalErrorHandler((error) => result.globalErrors.push(String((error as Error)?.message ?? error)));
  try {
    if (request.setup === 'processor') await processorSetup(request);
    else await batchSetup(request, result);
  } catch (error) {
    result.thrown.push(String(error));
  }
  if (result.exported.some((r) => r.code !== ExportResultCode.FAILED))
    result.thrown.push('an export succeeded');
  return result;
}

printResultOf(main);
