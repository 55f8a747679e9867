import { WarnOncePerKind } from '../diag/warn-once-per-kind';
import { foldBatchContent } from '../export/batch-content';
import { describeExportFailure } from '../export/describe-export-failure';
import { LangfuseSpanCopy } from '../export/langfuse-span-copy';
import { mapLangfuseAttributes } from '../export/map-langfuse-attributes';
import { ExportResultCode } from '../sdk/export-result-code';
import type { ExportResult, ReadableSpan, SpanExporter } from '../sdk-types';
import { scopeNameOf } from './default-span-filter';
import type { SpanStartLookup } from './span-start-record';

/** Settings of {@link LangfuseMappingExporter}. */
export interface LangfuseMappingExporterOptions {
  /** The exporter that sends the copies (a `LangfuseExporter` or the user's). */
  target: SpanExporter;
  lookup: SpanStartLookup;
  environment?: string;
  release?: string;
  /** True when `target` reports its own failures (a `LangfuseExporter`): no second warning. */
  targetReportsFailures: boolean;
}

/**
 * The exporter behind `LangfuseSpanProcessor`'s inner batch/simple processor. At export time it
 * wraps each span in a {@link LangfuseSpanCopy} whose attributes carry the Langfuse mapping (a
 * batch's per-item messages folded into its input and output, see `foldBatchContent`; the
 * original spans, which other exporters see, are untouched) and hands the copies to the target.
 * A failed export is reported as a warning and then acknowledged as done, so the SDK processor
 * neither logs it again through the global error handler nor rejects `forceFlush()`.
 */
export class LangfuseMappingExporter implements SpanExporter {
  readonly #options: LangfuseMappingExporterOptions;
  readonly #reports = new WarnOncePerKind();

  constructor(options: LangfuseMappingExporterOptions) {
    this.#options = options;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let called = false;
    const done = (result?: ExportResult): void => {
      if (called) return;
      called = true;
      if (result && result.code !== ExportResultCode.SUCCESS) this.#report(result.error);
      resultCallback({ code: ExportResultCode.SUCCESS });
    };
    try {
      const copies = spans
        .map((span) => this.#copy(span))
        .filter((c): c is LangfuseSpanCopy => c !== undefined);
      if (copies.length === 0) done();
      else this.#options.target.export(copies, (result) => done(result));
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  async forceFlush(): Promise<void> {
    await this.#options.target.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    await this.#options.target.shutdown();
  }

  #copy(span: ReadableSpan): LangfuseSpanCopy | undefined {
    try {
      const record = this.#options.lookup(span);
      const batch = foldBatchContent(span.attributes, span.events);
      const attributes = mapLangfuseAttributes({
        batch,
        attributes: span.attributes ?? {},
        startTime: span.startTime,
        scopeName: scopeNameOf(span),
        traceContext: record?.traceContext,
        isAppRoot: record?.isAppRoot,
        environment: this.#options.environment,
        release: this.#options.release,
      });
      return new LangfuseSpanCopy(span, attributes, batch?.events);
    } catch (error) {
      this.#reports.report(
        'copy',
        `a span could not be prepared for Langfuse and was skipped: ${String(error)}`,
      );
      return undefined;
    }
  }

  #report(error: unknown): void {
    if (this.#options.targetReportsFailures) return;
    const failure = describeExportFailure(error);
    this.#reports.report(failure.kind, `export to Langfuse failed: ${failure.message}`);
  }
}
