import type { Context } from '@opentelemetry/api';
import { MISSING_KEYS_MESSAGE, resolveLangfuseConfig } from '../config';
import { isBaggageTrusted, isBaggageTrustedByEnv } from '../context/baggage-trust';
import { withBaggageTraceContext } from '../context/read-baggage-trace-context';
import { readTraceContext } from '../context/read-trace-context';
import { stampTraceContext } from '../context/stamp-trace-context';
import { diagLogger } from '../diag/diag-logger';
import { WarnOncePerKind } from '../diag/warn-once-per-kind';
import { LangfuseExporter } from '../export/langfuse-exporter';
import { LangfuseMappingExporter } from '../export/langfuse-mapping-exporter';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '../sdk-types';
import { AppRootTracker } from './app-root-tracker';
import { isDefaultExportSpan } from './default-span-filter';
import { sdkSpanProcessor } from './sdk-span-processor';
import { settleWithin } from './settle-within';
import type { SpanStartRecord } from './span-start-record';

/** Options of {@link LangfuseSpanProcessor}. Each defaults to its environment variable. */
export interface LangfuseSpanProcessorOptions {
  /** Langfuse public key (`pk-lf-…`); default `LANGFUSE_PUBLIC_KEY`. */
  publicKey?: string;
  /** Langfuse secret key (`sk-lf-…`); default `LANGFUSE_SECRET_KEY`. Never logged. */
  secretKey?: string;
  /** Default `LANGFUSE_BASE_URL` › `LANGFUSE_BASEURL` › `LANGFUSE_HOST` › `https://cloud.langfuse.com`. */
  baseUrl?: string;
  /**
   * `langfuse.environment` of every span; default `LANGFUSE_TRACING_ENVIRONMENT`. Must match
   * `^(?!langfuse)[a-z0-9_-]+$` and have at most 40 characters, else a warning and it is left out.
   */
  environment?: string;
  /** `langfuse.release` of every span; default `LANGFUSE_RELEASE`. */
  release?: string;
  /** `'batched'` (default: a `BatchSpanProcessor`) or `'immediate'` (a `SimpleSpanProcessor`). */
  exportMode?: 'batched' | 'immediate';
  /**
   * Which finished spans go to Langfuse; replaces the default filter (`isDefaultExportSpan`).
   * Also asked at span start to decide the app root. A predicate that throws drops the span.
   */
  shouldExportSpan?: (span: ReadableSpan) => boolean;
  /**
   * Take `session.id`, `user.id` and `tag.tags` from incoming W3C baggage where no local
   * `withTraceContext` sets them (a caller's `withTraceContext({ propagate: true })`, or Langfuse's
   * `propagateAttributes({ asBaggage: true })`). Baggage comes from the network: turn it on only
   * where callers are trusted. Default: the choice given to `@mellea/instrumentation-flows`'
   * `setupTracing` / `MelleaInstrumentation`, else `MELLEA_TRACES_TRUST_BAGGAGE`.
   */
  trustBaggage?: boolean;
  /** Sends the prepared copies instead of a `LangfuseExporter` built from the options (then no keys are needed here). */
  exporter?: SpanExporter;
}

/** Upper bound of `forceFlush()`/`shutdown()`, beyond the SDK processor's own export timeout. */
const SETTLE_LIMIT_MS = 35_000;

/**
 * An OTel `SpanProcessor` that sends LLM spans to Langfuse.
 *
 * - `onStart` stamps every span with the active trace context's `session.id`, `user.id` and
 *   `tag.tags` (as `TraceContextSpanProcessor` does), so other instrumentations' spans carry them
 *   to every exporter.
 * - Spans passing the filter (default: `isDefaultExportSpan`) are exported, batched or
 *   immediately, as copies carrying Langfuse's attributes (`langfuse.session.id`, `…user.id`,
 *   `…trace.tags`, `…trace.name`, `…trace.metadata.<k>`, `…environment`, `…release` on every span;
 *   observation type, level, completion start time, prompt link; captured content moved to
 *   `langfuse.observation.input`/`output`; `langfuse.internal.is_app_root`). The spans other
 *   processors see are never changed beyond the neutral stamping.
 * - Without keys (and no `exporter`): one warning naming `LANGFUSE_PUBLIC_KEY` and
 *   `LANGFUSE_SECRET_KEY`, and the processor does nothing.
 * - `forceFlush()` and `shutdown()` always resolve; failures are diag warnings
 *   (namespace `@mellea/exporter-langfuse`), one per kind of failure. A failed export is still a
 *   failure for the SDK processor inside (so its global error handler and self-metrics see it:
 *   the default handler logs one `diag.error` line per failed export; see `setGlobalErrorHandler`).
 *   Nothing throws into the application.
 */
export class LangfuseSpanProcessor implements SpanProcessor {
  readonly #inner: SpanProcessor | undefined;
  readonly #records = new WeakMap<object, SpanStartRecord>();
  readonly #tracker = new AppRootTracker();
  readonly #shouldExportSpan: (span: ReadableSpan) => boolean;
  readonly #reports = new WarnOncePerKind();
  readonly #trustBaggage: boolean | undefined;
  readonly #trustBaggageByEnv: boolean;
  #isShutdown = false;

  constructor(options: LangfuseSpanProcessorOptions = {}) {
    const opts = options ?? {};
    this.#trustBaggage = typeof opts.trustBaggage === 'boolean' ? opts.trustBaggage : undefined;
    this.#trustBaggageByEnv = isBaggageTrustedByEnv();
    this.#shouldExportSpan =
      typeof opts.shouldExportSpan === 'function' ? opts.shouldExportSpan : isDefaultExportSpan;
    try {
      this.#inner = this.#build(opts);
    } catch (error) {
      diagLogger.warn(`Langfuse span processor could not be set up: ${String(error)}`);
    }
  }

  /** Stamps the trace context and decides the app root. */
  onStart(span: Span, parentContext: Context): void {
    if (this.#inner === undefined || this.#isShutdown) return;
    try {
      const local = readTraceContext(parentContext);
      const traceContext = isBaggageTrusted(this.#trustBaggage, this.#trustBaggageByEnv)
        ? withBaggageTraceContext(parentContext, local)
        : local;
      stampTraceContext(span, traceContext);
      const { traceId } = span.spanContext();
      const isAppRoot = this.#tracker.start(traceId, this.#shouldExport(span));
      const record: SpanStartRecord = { traceId, isAppRoot };
      if (traceContext !== undefined) record.traceContext = traceContext;
      this.#records.set(span, record);
    } catch (error) {
      this.#reports.report('onStart', `Langfuse span processor onStart failed: ${String(error)}`);
    }
  }

  /** Hands spans that pass the filter to the batch/simple processor. */
  onEnd(span: ReadableSpan): void {
    if (this.#inner === undefined) return;
    try {
      const record = this.#records.get(span);
      if (record !== undefined) this.#tracker.end(record.traceId);
      if (this.#isShutdown || !this.#shouldExport(span)) return;
      this.#inner.onEnd(span);
    } catch (error) {
      this.#reports.report('onEnd', `Langfuse span processor onEnd failed: ${String(error)}`);
    }
  }

  /** Exports what is buffered. Always resolves. */
  forceFlush(): Promise<void> {
    const inner = this.#inner;
    if (inner === undefined) return Promise.resolve();
    return settleWithin(() => inner.forceFlush(), SETTLE_LIMIT_MS, 'flush');
  }

  /** Exports what is buffered and stops. Idempotent; always resolves. */
  shutdown(): Promise<void> {
    const inner = this.#inner;
    if (inner === undefined || this.#isShutdown) return Promise.resolve();
    this.#isShutdown = true;
    return settleWithin(() => inner.shutdown(), SETTLE_LIMIT_MS, 'shutdown').then(() =>
      this.#tracker.clear(),
    );
  }

  #build(opts: LangfuseSpanProcessorOptions): SpanProcessor | undefined {
    const config = resolveLangfuseConfig(opts);
    let target: SpanExporter;
    if (opts.exporter !== undefined && opts.exporter !== null) {
      target = opts.exporter;
    } else {
      if (config.publicKey === undefined || config.secretKey === undefined) {
        diagLogger.warn(MISSING_KEYS_MESSAGE);
        return undefined;
      }
      if (config.baseUrl === undefined) return undefined;
      target = new LangfuseExporter({
        publicKey: config.publicKey,
        secretKey: config.secretKey,
        baseUrl: config.baseUrl,
      });
    }
    const exporter = new LangfuseMappingExporter({
      target,
      lookup: (span) => this.#records.get(span),
      environment: config.environment,
      release: config.release,
    });
    const mode = opts.exportMode ?? 'batched';
    if (mode !== 'batched' && mode !== 'immediate') {
      diagLogger.warn(`exportMode "${String(mode)}" is not 'batched' or 'immediate'; using 'batched'`);
    }
    return sdkSpanProcessor(mode === 'immediate' ? 'simple' : 'batch', exporter);
  }

  #shouldExport(span: ReadableSpan): boolean {
    try {
      return this.#shouldExportSpan(span) === true;
    } catch (error) {
      this.#reports.report(
        'filter',
        `shouldExportSpan threw; the span is not sent to Langfuse: ${String(error)}`,
      );
      return false;
    }
  }
}
