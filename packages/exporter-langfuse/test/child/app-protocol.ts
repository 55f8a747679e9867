import type { LangfuseExporterOptions, LangfuseSpanProcessorOptions } from '../../src';
import type { DiagEntry } from '../support/capture-diag';

/** What the child application does (see run-langfuse-app.ts). */
export interface AppRequest {
  /** Set in process.env before anything is built. */
  env?: Record<string, string>;
  /** `processor` (default): a LangfuseSpanProcessor; `exporter`: a bare LangfuseExporter. */
  mode?: 'processor' | 'exporter';
  processor?: Omit<LangfuseSpanProcessorOptions, 'exporter' | 'shouldExportSpan'>;
  /** Builds a LangfuseExporter with these options (for the processor's `exporter`, or alone). */
  exporter?: LangfuseExporterOptions;
  /** Adds the user's collector: BatchSpanProcessor(OTLPTraceExporter()) configured by env only. */
  collector?: boolean;
  scenario: 'llm-trace' | 'one-chat';
  /** How many times to run the scenario (default 1). */
  runs?: number;
  /** forceFlush the Langfuse processor after each run. */
  flushEachRun?: boolean;
  /** Calls made at the end, in order (default forceFlush, shutdown). */
  calls?: ('forceFlush' | 'shutdown')[];
}

/** A finished span as the in-memory exporter (any other exporter) saw it. */
export interface SpanSummary {
  name: string;
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
}

/** What the child reports. */
export interface AppResult {
  memory: SpanSummary[];
  /** Every diag call, all levels. */
  logs: DiagEntry[];
  /** forceFlush/shutdown calls that resolved. */
  settled: string[];
  /** Anything that threw into the "application". */
  thrown: string[];
  /** Mode `exporter`: the result of each export. */
  exportResults: { ok: boolean; error?: string }[];
}

/** Runs a child app's `main` and prints its result as the one JSON line on stdout (exit code 1 if it throws). */
export function printResultOf(main: () => Promise<unknown>): void {
  main().then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    },
    (error) => {
      process.stderr.write(String(error?.stack ?? error));
      process.exitCode = 1;
    },
  );
}
