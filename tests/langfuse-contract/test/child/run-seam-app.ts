// The support workflow as an application runs it (node --import tsx): a global BasicTracerProvider
// with a Langfuse span processor (ours or @langfuse/otel's) pointed at the loopback stand-in and an
// in-memory exporter standing for every other backend, the real BackendTracingPlugin on a bus,
// and the real flows and trace context. argv[2] is a JSON `SeamRequest`; prints one `SeamResult`.
import { isDefaultExportSpan, LangfuseSpanProcessor as LangfuseOtelSpanProcessor } from '@langfuse/otel';
import { HookBus } from '@mellea/core-hooks';
import { LangfuseSpanProcessor } from '@mellea/exporter-langfuse';
import { BackendTracingPlugin } from '@mellea/instrumentation-flows';
import { context, DiagLogLevel, diag, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { runSupportWorkflow } from '../support/support-workflow';
import type { SeamRequest, SeamResult, SeenSpan } from './seam-protocol';

const KEYS = { publicKey: 'pk-lf-contract-0001', secretKey: 'sk-lf-contract-secret-0001' };

function langfuseProcessor(request: SeamRequest): SpanProcessor {
  const options = { ...KEYS, baseUrl: request.baseUrl, exportMode: 'immediate' as const };
  return request.processor === 'mellea'
    ? new LangfuseSpanProcessor(options)
    : new LangfuseOtelSpanProcessor(options);
}

function seen(span: ReadableSpan, request: SeamRequest): SeenSpan {
  const out: SeenSpan = {
    name: span.name,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    scopeName: span.instrumentationScope.name,
    attributes: { ...span.attributes },
    events: span.events.map((e) => ({ name: e.name, attributes: { ...e.attributes } })),
  };
  if (request.processor === 'langfuse-otel') out.langfuseDefaultExport = isDefaultExportSpan(span);
  return out;
}

async function main(): Promise<SeamResult> {
  const request = JSON.parse(process.argv[2]) as SeamRequest;
  const warnings: string[] = [];
  const log = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  diag.setLogger(
    { error: log, warn: log, info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.WARN,
  );
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [langfuseProcessor(request), new SimpleSpanProcessor(memory)],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  const bus = new HookBus();
  const unregister = new BackendTracingPlugin({ captureContent: true, metrics: false }).register(bus);
  const answer = request.foreignRoot
    ? await trace.getTracer('my-http-server').startActiveSpan('GET /tickets/:id', async (span) => {
        try {
          return await runSupportWorkflow(bus);
        } finally {
          span.end();
        }
      })
    : await runSupportWorkflow(bus);
  unregister();
  await provider.forceFlush();
  const spans = memory.getFinishedSpans().map((s) => seen(s, request));
  await provider.shutdown();
  return { answer, spans, warnings };
}

main().then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
