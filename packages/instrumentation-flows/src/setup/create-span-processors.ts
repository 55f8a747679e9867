import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ConsoleTreeExporter } from '../collectors/console-tree-exporter';
import { FileSpanExporter } from '../collectors/file-span-exporter';
import { TraceContextSpanProcessor } from '../context/trace-context-span-processor';
import type { ExporterPlan } from './choose-exporters';
import { createLangfuseProcessor } from './langfuse-processor';
import type { SetupWarner } from './setup-warnings';
import { warnOnFailedExport } from './warn-on-failed-export';

type SdkTraceBase = typeof import('@opentelemetry/sdk-trace-base');

// The SDK and exporter packages are loaded only on the set-up path, never by a plain import.
function sdk(): SdkTraceBase {
  return require('@opentelemetry/sdk-trace-base') as SdkTraceBase;
}

function otlpExporter(protocol: 'http/protobuf' | 'http/json'): SpanExporter {
  // No `url`: the exporters read OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, headers, timeout and
  // compression themselves, exactly as the OTel specification says.
  if (protocol === 'http/json') {
    const { OTLPTraceExporter } =
      require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}

/**
 * Makes the span processors of the provider we build, in order: the trace-context stamper (so
 * HTTP and other foreign spans carry `session.id`, `user.id`, `tag.tags`), OTLP behind a
 * `BatchSpanProcessor`, the console tree and the file behind `SimpleSpanProcessor`s, Langfuse's
 * own processor, then the processors given in code. Gives the plan's warnings. Never throws: a
 * part that cannot be made is left out with a warning.
 */
export function createSpanProcessors(
  plan: ExporterPlan,
  warner: SetupWarner,
  extra: SpanProcessor[] = [],
): SpanProcessor[] {
  for (const w of plan.warnings) warner.warnOnce(w.key, w.message);
  const processors: SpanProcessor[] = [new TraceContextSpanProcessor()];
  const attempt = (what: string, make: () => SpanProcessor | undefined) => {
    try {
      const p = make();
      if (p) processors.push(p);
    } catch (error) {
      warner.warnOnce(
        `create:${what}`,
        `could not set up the ${what} exporter (${String(error)}); left out.`,
      );
    }
  };
  if (plan.otlp) {
    const { protocol, endpoint } = plan.otlp;
    attempt(
      'OTLP',
      () => new (sdk().BatchSpanProcessor)(warnOnFailedExport(otlpExporter(protocol), warner, endpoint)),
    );
  }
  if (plan.console) attempt('console', () => new (sdk().SimpleSpanProcessor)(new ConsoleTreeExporter()));
  if (plan.file) {
    const path = plan.file;
    attempt(
      'file',
      () => new (sdk().SimpleSpanProcessor)(warnOnFailedExport(new FileSpanExporter({ path }), warner, path)),
    );
  }
  if (plan.langfuse) attempt('Langfuse', () => createLangfuseProcessor(warner));
  processors.push(...extra);
  return processors;
}
