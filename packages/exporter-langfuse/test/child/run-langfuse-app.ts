// A small traced "application" run in a child process (node --import tsx): the OTLP exporters load
// node:http with a dynamic import(), which jest only supports under --experimental-vm-modules.
// argv[2] is a JSON `AppRequest`; prints one JSON line `AppResult` on stdout.
import { SpanKind } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LangfuseExporter, LangfuseSpanProcessor } from '../../src';
import { captureDiag } from '../support/capture-diag';
import { runLlmTrace } from '../support/llm-trace';
import { startTracing } from '../support/tracing';
import { type AppRequest, type AppResult, printResultOf } from './app-protocol';

async function main(): Promise<AppResult> {
  const request = JSON.parse(process.argv[2]) as AppRequest;
  for (const [k, v] of Object.entries(request.env ?? {})) process.env[k] = v;
  const logs = captureDiag();
  const result: AppResult = { memory: [], logs: logs.entries, settled: [], thrown: [], exportResults: [] };
  const processors: SpanProcessor[] = [];
  let langfuse: LangfuseSpanProcessor | undefined;
  let exporter: LangfuseExporter | undefined;
  try {
    if (request.mode === 'exporter') {
      exporter = new LangfuseExporter(request.exporter);
    } else {
      langfuse = new LangfuseSpanProcessor({
        ...request.processor,
        exporter: request.exporter ? new LangfuseExporter(request.exporter) : undefined,
      });
      processors.push(langfuse);
    }
  } catch (error) {
    result.thrown.push(`constructor: ${String(error)}`);
  }
  // The user's own collector exporter, configured only through OTEL_EXPORTER_OTLP_* variables.
  const collector = request.collector ? new BatchSpanProcessor(new OTLPTraceExporter()) : undefined;
  if (collector) processors.push(collector);
  const { provider, memory } = startTracing(...processors);
  for (let i = 0; i < (request.runs ?? 1); i++) {
    try {
      if (request.scenario === 'llm-trace') runLlmTrace(provider);
      else {
        provider
          .getTracer('@mellea/instrumentation-flows')
          .startSpan('chat m', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat' } })
          .end();
      }
    } catch (error) {
      result.thrown.push(`scenario: ${String(error)}`);
    }
    if (exporter) {
      const spans = memory.getFinishedSpans();
      const r = await new Promise<{ code: number; error?: Error }>((resolve) =>
        exporter!.export(spans, resolve),
      );
      result.exportResults.push({
        ok: r.code === ExportResultCode.SUCCESS,
        error: r.error ? `${r.error.message} ${JSON.stringify(r.error)} ${r.error.stack ?? ''}` : undefined,
      });
    }
    if (langfuse && request.flushEachRun) {
      await langfuse.forceFlush();
      result.settled.push('forceFlush');
    }
  }
  for (const call of request.calls ?? ['forceFlush', 'shutdown']) {
    try {
      if (langfuse) await langfuse[call]();
      if (exporter) await exporter[call]();
      result.settled.push(call);
    } catch (error) {
      result.thrown.push(`${call}: ${String(error)}`);
    }
  }
  if (collector) await collector.shutdown();
  result.memory = memory.getFinishedSpans().map((s) => ({
    name: s.name,
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    attributes: s.attributes as Record<string, unknown>,
  }));
  return result;
}

printResultOf(main);
