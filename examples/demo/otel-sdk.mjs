// @ts-check
// Your own OpenTelemetry NodeSDK, started before the app: `node --import ./otel-sdk.mjs http-app.mjs`.
// HTTP server and client (undici, i.e. fetch) spans come from OTel's instrumentations; generation
// spans from MelleaInstrumentation, nested between them. Exports over OTLP (the standard
// OTEL_EXPORTER_OTLP_* variables), prints each trace as a tree on stderr (MELLEA_TRACES_CONSOLE=1)
// and appends OTLP/JSON lines to a file (MELLEA_TRACES_FILE=path).
import { createRequire } from 'node:module';
import {
  ConsoleTreeExporter,
  FileSpanExporter,
  MelleaInstrumentation,
  TraceContextSpanProcessor,
} from '@mellea/instrumentation-flows';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** The SDK; the app shuts it down (flushing the spans) when it stops. */
export const sdk = new NodeSDK({
  spanProcessors: [
    // Stamps session.id / user.id / tag.tags on the HTTP spans too.
    new TraceContextSpanProcessor(),
    new BatchSpanProcessor(new OTLPTraceExporter()),
    ...(process.env.MELLEA_TRACES_CONSOLE ? [new SimpleSpanProcessor(new ConsoleTreeExporter())] : []),
    ...(process.env.MELLEA_TRACES_FILE
      ? [new BatchSpanProcessor(new FileSpanExporter({ path: process.env.MELLEA_TRACES_FILE }))]
      : []),
  ],
  instrumentations: [new HttpInstrumentation(), new UndiciInstrumentation(), new MelleaInstrumentation()],
});
sdk.start();

// OTel patches CommonJS `require`; an ES module's `import 'node:http'` does not go through it. One
// require after start() patches the shared module object (Server.prototype.emit included), so the
// app's server gets SERVER spans without an ESM loader hook.
createRequire(import.meta.url)('node:http');
