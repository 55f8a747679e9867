import type { IOtlpExportDelegate } from '@opentelemetry/otlp-exporter-base';
import { MISSING_KEYS_MESSAGE, maskPublicKey, redactCredentials, resolveLangfuseConnection } from '../config';
import { diagLogger } from '../diag/diag-logger';
import { WarnOncePerKind } from '../diag/warn-once-per-kind';
import { ExportResultCode, exportFailed, exportSucceeded } from '../sdk/export-result';
import type { ExportResult, ReadableSpan, SpanExporter } from '../sdk-types';
import { createLangfuseExportDelegate, LANGFUSE_OTLP_TRACES_PATH } from './create-langfuse-export-delegate';
import { describeExportFailure, markReported } from './export-failure';

/** Options of {@link LangfuseExporter}. Each defaults to its environment variable. */
export interface LangfuseExporterOptions {
  /** Langfuse public key (`pk-lf-…`); default `LANGFUSE_PUBLIC_KEY`. */
  publicKey?: string;
  /** Langfuse secret key (`sk-lf-…`); default `LANGFUSE_SECRET_KEY`. Never logged. */
  secretKey?: string;
  /**
   * Langfuse base URL; default `LANGFUSE_BASE_URL`, then `LANGFUSE_BASEURL`, `LANGFUSE_HOST`,
   * `https://cloud.langfuse.com`. Spans go to `{baseUrl}/api/public/otel/v1/traces`.
   */
  baseUrl?: string;
  /** Time limit of one export, retries included (default 10 000 ms). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A failed result. Its error is marked as reported: this exporter has warned about it already (or,
 * without keys or after shutdown, warned once up front or on purpose not at all).
 */
function failed(message: string, code?: number | string): ExportResult {
  const error = new Error(message) as Error & { code?: number | string };
  if (code !== undefined) error.code = code;
  return exportFailed(markReported(error));
}

/**
 * An OTel `SpanExporter` that sends spans to Langfuse's OTLP endpoint
 * (`{baseUrl}/api/public/otel/v1/traces`, OTLP/HTTP JSON) with Basic auth,
 * `x-langfuse-ingestion-version: 4`, `x-langfuse-sdk-name: @mellea/exporter-langfuse` and
 * `x-langfuse-sdk-version`. It is built on the OTel OTLP export machinery but reads none of the
 * `OTEL_EXPORTER_OTLP_*` variables meant for the user's collector.
 *
 * It sends spans as they are; {@link LangfuseSpanProcessor} is what adds the Langfuse attributes,
 * so use the exporter alone only for spans that already carry them (or pass it to the processor's
 * `exporter` option). Failures are reported as diag warnings (the first of each kind; a 401/403
 * once, naming the masked public key) and passed on as a failed `ExportResult`; the secret key
 * never appears in a log, an error or an attribute. Without keys: one warning, and every export
 * fails without a request. Never throws.
 */
export class LangfuseExporter implements SpanExporter {
  readonly #delegate: IOtlpExportDelegate<ReadableSpan[]> | undefined;
  readonly #credentials: string[] = [];
  readonly #maskedKey: string = '';
  readonly #endpoint: string = '';
  readonly #reports = new WarnOncePerKind();
  #isShutdown = false;

  constructor(options: LangfuseExporterOptions = {}) {
    const { publicKey, secretKey, baseUrl } = resolveLangfuseConnection(options ?? {});
    if (publicKey === undefined || secretKey === undefined) {
      diagLogger.warn(MISSING_KEYS_MESSAGE);
      return;
    }
    if (baseUrl === undefined) return;
    const timeoutMs =
      typeof options?.timeoutMs === 'number' && Number.isFinite(options.timeoutMs) && options.timeoutMs > 0
        ? options.timeoutMs
        : DEFAULT_TIMEOUT_MS;
    this.#credentials = [
      secretKey,
      Buffer.from(`${publicKey}:${secretKey}`).toString('base64'),
      encodeURIComponent(secretKey),
    ];
    this.#maskedKey = maskPublicKey(publicKey);
    this.#endpoint = `${baseUrl}${LANGFUSE_OTLP_TRACES_PATH}`;
    try {
      this.#delegate = createLangfuseExportDelegate({ baseUrl, publicKey, secretKey, timeoutMs });
    } catch (error) {
      diagLogger.warn(`could not create the Langfuse exporter: ${this.#redact(String(error))}`);
    }
  }

  /** Sends `spans` to Langfuse; `resultCallback` is called exactly once. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const delegate = this.#delegate;
    let called = false;
    const done = (result: ExportResult): void => {
      if (called) return;
      called = true;
      try {
        resultCallback(result);
      } catch (error) {
        diagLogger.warn(`export result callback threw: ${this.#redact(String(error))}`);
      }
    };
    if (delegate === undefined) done(failed('Langfuse exporter is not configured'));
    else if (this.#isShutdown) done(failed('Langfuse exporter is shut down'));
    else if (!Array.isArray(spans) || spans.length === 0) done(exportSucceeded());
    else this.#send(delegate, spans, done);
  }

  #send(
    delegate: IOtlpExportDelegate<ReadableSpan[]>,
    spans: ReadableSpan[],
    done: (result: ExportResult) => void,
  ): void {
    try {
      delegate.export(spans, (result) => done(this.#report(result, spans.length)));
    } catch (error) {
      done(this.#report(exportFailed(error), spans.length));
    }
  }

  /** Waits for the exports in flight. Always resolves. */
  async forceFlush(): Promise<void> {
    try {
      await this.#delegate?.forceFlush();
    } catch (error) {
      diagLogger.warn(`Langfuse flush failed: ${this.#redact(String(error))}`);
    }
  }

  /** Waits for the exports in flight, then refuses new ones. Always resolves. */
  async shutdown(): Promise<void> {
    if (this.#isShutdown) return;
    this.#isShutdown = true;
    try {
      await this.#delegate?.shutdown();
    } catch (error) {
      diagLogger.warn(`Langfuse exporter shutdown failed: ${this.#redact(String(error))}`);
    }
  }

  #redact(text: string): string {
    return redactCredentials(text, this.#credentials);
  }

  #report(result: ExportResult, count: number): ExportResult {
    if (result.code === ExportResultCode.SUCCESS) {
      this.#reports.clear();
      return result;
    }
    const failure = describeExportFailure(result.error);
    const message = this.#redact(failure.message);
    if (failure.status === 401 || failure.status === 403) {
      this.#reports.report(
        'credentials',
        `Langfuse rejected the credentials of public key ${this.#maskedKey} (HTTP ${failure.status}) at ` +
          `${this.#endpoint}; check LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and the base URL ` +
          '(keys belong to one Langfuse region/host). Spans are not sent.',
        false,
      );
    } else {
      this.#reports.report(
        failure.kind,
        `export of ${count} span(s) to Langfuse (${this.#endpoint}) failed: ${message}`,
      );
    }
    return failed(`Langfuse export failed: ${message}`, failure.status ?? failure.kind);
  }
}
