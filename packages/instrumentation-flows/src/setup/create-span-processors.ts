import { ConsoleTreeExporter } from '../collectors/console-tree-exporter';
import { FileSpanExporter } from '../collectors/file-span-exporter';
import { TraceContextSpanProcessor } from '../context/trace-context-span-processor';
import type { SpanExporter, SpanProcessor } from '../sdk-types';
import type { ExporterPlan } from './choose-exporters';
import { createLangfuseProcessor } from './langfuse-processor';
import { missingPackageMessage } from './sdk/install-hint';
import { MissingSdkPackageError, type OtelSdk } from './sdk/otel-sdk';
import type { SetupWarner } from './setup-warnings';
import { warnOnFailedExport } from './warn-on-failed-export';

type ExporterModule = { OTLPTraceExporter: new () => SpanExporter };

function otlpExporter(sdk: OtelSdk, protocol: 'http/protobuf' | 'http/json'): SpanExporter {
  // No `url`: the exporters read OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, headers, timeout and
  // compression themselves, exactly as the OTel specification says.
  const name =
    protocol === 'http/json'
      ? '@opentelemetry/exporter-trace-otlp-http'
      : '@opentelemetry/exporter-trace-otlp-proto';
  return new (sdk.load<ExporterModule>(name).OTLPTraceExporter)();
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
  sdk: OtelSdk,
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
        error instanceof MissingSdkPackageError
          ? missingPackageMessage(error.packageName, `the ${what} exporter is left out`, sdk.line)
          : `could not set up the ${what} exporter (${String(error)}); left out.`,
      );
    }
  };
  if (plan.otlp) {
    const { protocol, endpoint } = plan.otlp;
    attempt('OTLP', () =>
      sdk.batchProcessor(warnOnFailedExport(otlpExporter(sdk, protocol), warner, endpoint)),
    );
  }
  if (plan.console) attempt('console', () => sdk.simpleProcessor(new ConsoleTreeExporter()));
  if (plan.file) {
    const path = plan.file;
    attempt('file', () =>
      sdk.simpleProcessor(warnOnFailedExport(new FileSpanExporter({ path }), warner, path)),
    );
  }
  if (plan.langfuse) attempt('Langfuse', () => createLangfuseProcessor(warner));
  processors.push(...extra);
  return processors;
}
