// Your own OpenTelemetry NodeSDK, started before the app: `node --import ./otel-sdk.mjs http-app.mjs`.
// HTTP server and client (undici, i.e. fetch) spans come from OTel's instrumentations; generation
// spans from MelleaInstrumentation, nested between them. Exports over OTLP (the standard
// OTEL_EXPORTER_OTLP_* variables) and prints each trace as a tree on stderr.
import { createRequire } from 'node:module';
import {
  ConsoleTreeExporter,
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
    new SimpleSpanProcessor(new ConsoleTreeExporter()),
  ],
  instrumentations: [new HttpInstrumentation(), new UndiciInstrumentation(), new MelleaInstrumentation()],
});
sdk.start();

// OTel patches CommonJS `require`; an ES module's `import 'node:http'` does not go through it. One
// require after start() patches the shared module object (Server.prototype.emit included), so the
// app's server gets SERVER spans without an ESM loader hook.
createRequire(import.meta.url)('node:http');
