import { WarnOncePerKind } from '../diag/warn-once-per-kind';
import { scopeNameOf } from '../processor/default-span-filter';
import type { SpanStartLookup } from '../processor/span-start-record';
import { ExportResultCode, exportFailed, exportSucceeded } from '../sdk/export-result';
import type { ExportResult, ReadableSpan, SpanExporter } from '../sdk-types';
import { foldBatchContent } from './batch-content';
import { describeExportFailure, isReported, markReported } from './export-failure';
import { LangfuseSpanCopy } from './langfuse-span-copy';
import { mapLangfuseAttributes } from './map-langfuse-attributes';

/** Settings of {@link LangfuseMappingExporter}. */
export interface LangfuseMappingExporterOptions {
  /** The exporter that sends the copies (a `LangfuseExporter` or the user's). */
  target: SpanExporter;
  lookup: SpanStartLookup;
  environment?: string;
  release?: string;
}

/**
 * The exporter behind `LangfuseSpanProcessor`'s inner batch/simple processor. At export time it
 * wraps each span in a {@link LangfuseSpanCopy} whose attributes carry the Langfuse mapping (a
 * batch's per-item messages folded into its input and output, see `foldBatchContent`; the
 * original spans, which other exporters see, are untouched) and hands the copies to the target.
 * The target's result goes back to the SDK processor as it is (a failure stays a failure, with
 * its error); a failure the target did not report itself (the user's exporter) is warned about
 * here, the first of each kind, and marked so that the rejected flush does not warn again.
 */
export class LangfuseMappingExporter implements SpanExporter {
  readonly #options: LangfuseMappingExporterOptions;
  readonly #reports = new WarnOncePerKind();

  constructor(options: LangfuseMappingExporterOptions) {
    this.#options = options;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let called = false;
    const done = (result: ExportResult): void => {
      if (called) return;
      called = true;
      resultCallback(result.code === ExportResultCode.SUCCESS ? result : this.#failed(result.error));
    };
    try {
      const copies = spans
        .map((span) => this.#copy(span))
        .filter((c): c is LangfuseSpanCopy => c !== undefined);
      if (copies.length === 0) done(exportSucceeded());
      else this.#options.target.export(copies, done);
    } catch (error) {
      done(exportFailed(error));
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

  /** The failed result handed back: the target's own error (or one saying there was none), reported once. */
  #failed(error: Error | undefined): ExportResult {
    const result = exportFailed(error ?? 'the exporter gave no reason');
    const cause = result.error as Error;
    if (!isReported(cause)) {
      const failure = describeExportFailure(cause);
      this.#reports.report(failure.kind, `export to Langfuse failed: ${failure.message}`);
      markReported(cause);
    }
    return result;
  }
}
