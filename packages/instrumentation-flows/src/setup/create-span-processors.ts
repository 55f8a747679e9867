import { TraceContextSpanProcessor } from '../context/trace-context-span-processor';
import { ConsoleTreeExporter } from '../local-export/console-tree-exporter';
import { FileSpanExporter } from '../local-export/file-span-exporter';
import type { SpanExporter, SpanProcessor } from '../sdk-types';
import type { ExporterPlan } from './choose-exporters';
import { exportTimeoutMs, otlpExportTimeoutMs } from './export-timeout';
import { createLangfuseProcessor } from './langfuse-processor';
import { missingPackageMessage } from './sdk/install-hint';
import { MissingSdkPackageError, type OtelSdk } from './sdk/otel-sdk';
import type { SetupWarner } from './setup-warnings';
import { unreachableEndpointAgentFactory } from './unreachable-endpoint-agent';
import { failedExportNotice, warnOnFailedExport } from './warn-on-failed-export';

type ExporterModule = { OTLPTraceExporter: new (config: Record<string, unknown>) => SpanExporter };

function otlpExporter(sdk: OtelSdk, protocol: 'http/protobuf' | 'http/json'): SpanExporter {
  // No `url`: the exporters read OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, headers, timeout and
  // compression themselves, exactly as the OTel specification says. Given: an agent that does not
  // let a collector which is not there stall the exit, and a shorter timeout only when
  // OTEL_BSP_EXPORT_TIMEOUT is (a request outliving the processor's timeout would hold the exit).
  const timeout = exportTimeoutMs();
  const config = {
    httpAgentOptions: unreachableEndpointAgentFactory(),
    ...(timeout < otlpExportTimeoutMs() ? { timeoutMillis: timeout } : {}),
  };
  const name =
    protocol === 'http/json'
      ? '@opentelemetry/exporter-trace-otlp-http'
      : '@opentelemetry/exporter-trace-otlp-proto';
  return new (sdk.load<ExporterModule>(name).OTLPTraceExporter)(config);
}

/** The exporters for local use: the console tree and OTLP/JSON lines in a file. */
export interface LocalExporters {
  console: boolean;
  file: string | undefined;
}

// Calls `make`, keeping its processor; a part that cannot be made is left out with a warning.
function attempt(
  processors: SpanProcessor[],
  warner: SetupWarner,
  sdk: OtelSdk,
  what: string,
  make: () => SpanProcessor | undefined,
): void {
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
}

/**
 * The console tree and the file exporter, each behind the SDK's `SimpleSpanProcessor` (a failed
 * file write warns once, naming the path). Never throws.
 */
export function createLocalSpanProcessors(
  local: LocalExporters,
  warner: SetupWarner,
  sdk: OtelSdk,
): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  if (local.console) {
    attempt(processors, warner, sdk, 'console', () => sdk.simpleProcessor(new ConsoleTreeExporter()));
  }
  const path = local.file;
  if (path) {
    attempt(processors, warner, sdk, 'file', () =>
      sdk.simpleProcessor(
        warnOnFailedExport(new FileSpanExporter({ path }), warner, failedExportNotice(path)),
      ),
    );
  }
  return processors;
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
  if (plan.otlp) {
    const { protocol, endpoint, source } = plan.otlp;
    const destination = `${endpoint} (${source ?? 'the default endpoint'})`;
    attempt(processors, warner, sdk, 'OTLP', () =>
      sdk.batchProcessor(
        warnOnFailedExport(otlpExporter(sdk, protocol), warner, failedExportNotice(destination)),
      ),
    );
  }
  processors.push(...createLocalSpanProcessors(plan, warner, sdk));
  if (plan.langfuse) attempt(processors, warner, sdk, 'Langfuse', () => createLangfuseProcessor(warner));
  processors.push(...extra);
  return processors;
}
