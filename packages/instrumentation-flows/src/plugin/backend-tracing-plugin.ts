import {
  hooks as globalHooks,
  type HookBus,
  type HookHandlers,
  type HookPlugin,
  type HookReturn,
  setHookLogger,
} from '@mellea/core-hooks';
import {
  context,
  type MeterProvider,
  metrics,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import {
  getContentCaptureOverride,
  isContentCaptureEnabledByEnv,
  isLatestGenAiSemconv,
} from '../config/env-flags';
import { TRACE_CONTEXT_KEY, type TraceContext } from '../context/trace-context';
import { diagLogger } from '../diag/diag-logger';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  ERROR_TYPE_VALUE_ABANDONED,
  ERROR_TYPE_VALUE_CANCELLED,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
  SEMCONV_SCHEMA_URL,
} from '../semconv';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';
import { batchResponseModel, setBatchResponseAttributes } from './attributes/batch-response-attributes';
import { batchUsage } from './attributes/batch-usage';
import { errorType, setErrorAttributes } from './attributes/error-attributes';
import { type LooseUsage, readUsage } from './attributes/read-usage';
import { requestAttributes } from './attributes/request-attributes';
import { responseModelOf, setResponseAttributes } from './attributes/response-attributes';
import { tokenCount } from './attributes/token-count';
import { setUsageAttributes } from './attributes/usage-attributes';
import { ContentRecorder } from './content/content-recorder';
import { GenerationEntry } from './generation-entry';
import { InFlightSpans } from './in-flight-spans';
import { GenAiMetrics, type OperationMeasurement } from './metrics/genai-metrics';
import {
  type BackendTracingPluginOptions,
  type ResolvedPluginOptions,
  resolvePluginOptions,
} from './plugin-options';
import { ProviderCache } from './provider-cache';
import { defaultRedactor } from './redact/default-redactor';

type Loose = Record<string, unknown>;

function seconds(ms: unknown): number | undefined {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}

function abandon(entry: GenerationEntry): void {
  const span = entry.span;
  if (span === undefined) return;
  if (span.isRecording()) {
    span.setAttribute(ATTR_ERROR_TYPE, ERROR_TYPE_VALUE_ABANDONED);
    span.setStatus({ code: SpanStatusCode.ERROR, message: ERROR_TYPE_VALUE_ABANDONED });
  }
  span.end();
}

/**
 * Turns `@mellea/core-hooks` generation events into OpenTelemetry GenAI spans and metrics.
 *
 * One CLIENT span (INTERNAL for in-process models) per generation or batch request, named
 * `"{operation} {model}"`, started at `pre_call` with every request attribute (so samplers see
 * them) and ended exactly once by `post_call` or `error`; the provider call runs inside the span's
 * context, so HTTP spans made by it are its children. Usage, response, error and (opt-in)
 * content attributes follow the GenAI semantic conventions v1.41; the GenAI client metrics are
 * recorded through the meter provider. It never throws into the application.
 *
 * @example
 * ```ts
 * const plugin = new BackendTracingPlugin({ captureContent: false });
 * const unregister = plugin.register(); // the process-wide `hooks` bus
 * // ... generations run through runGeneration() are traced ...
 * unregister();
 * ```
 */
export class BackendTracingPlugin implements HookPlugin {
  /** The plugin's name on the bus. */
  readonly name = 'backend_tracing';
  /** The hook handlers the bus calls. */
  readonly hooks: HookHandlers;

  private readonly options: ResolvedPluginOptions;
  private readonly tracers: ProviderCache<TracerProvider, Tracer>;
  private readonly meters: ProviderCache<MeterProvider, MeterProvider>;
  private readonly metrics: GenAiMetrics | undefined;
  private readonly inFlight: InFlightSpans<GenerationEntry>;
  private readonly content: ContentRecorder;
  private readonly cacheWriteAttribute: string;
  /** The environment's content-capture switches, read once (env reads are slow on the hot path). */
  private readonly contentByEnv: boolean;
  private readonly buses = new Set<HookBus>();
  private lastOperation = '';
  private lastModel = '';
  private lastName = '';
  private readonly measurement: OperationMeasurement = {
    operation: '',
    provider: undefined,
    requestModel: undefined,
    responseModel: undefined,
    serverAddress: undefined,
    serverPort: undefined,
    errorType: undefined,
    duration: 0,
    inputTokens: undefined,
    outputTokens: undefined,
    timeToFirstChunk: undefined,
    timePerOutputChunk: undefined,
  };

  constructor(options?: BackendTracingPluginOptions) {
    const o = resolvePluginOptions(options, defaultRedactor);
    this.options = o;
    const latest = isLatestGenAiSemconv();
    const tracerOptions = latest ? undefined : { schemaUrl: SEMCONV_SCHEMA_URL };
    this.tracers = new ProviderCache<TracerProvider, Tracer>(
      () => trace.getTracerProvider(),
      (tp) => tp.getTracer(PACKAGE_NAME, PACKAGE_VERSION, tracerOptions),
      options?.tracerProvider,
    );
    this.meters = new ProviderCache<MeterProvider, MeterProvider>(
      () => metrics.getMeterProvider(),
      (mp) => mp,
      options?.meterProvider,
    );
    this.metrics = o.metrics ? new GenAiMetrics(latest) : undefined;
    this.cacheWriteAttribute = latest
      ? ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS
      : ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS;
    this.inFlight = new InFlightSpans<GenerationEntry>({
      timeoutMs: o.spanTimeoutMs,
      maxEntries: o.maxInFlight,
      onAbandon: abandon,
    });
    this.content = new ContentRecorder(o.maxContentLength, o.redact);
    this.contentByEnv = isContentCaptureEnabledByEnv();
    this.hooks = {
      generation_pre_call: (p) => this.start(p as unknown as Loose, false),
      generation_post_call: (p) => this.succeed(p as unknown as Loose),
      generation_error: (p) => this.fail(p as unknown as Loose, false),
      generation_batch_pre_call: (p) => this.start(p as unknown as Loose, true),
      generation_batch_post_call: (p) => this.succeedBatch(p as unknown as Loose),
      generation_batch_error: (p) => this.fail(p as unknown as Loose, true),
    };
  }

  /**
   * Whether this plugin records message content: the `captureContent` option, else the choice
   * made in code (`setupTracing` / `MelleaInstrumentation`), else the environment as it was when
   * the plugin was created. The bus reads it when the plugin is registered.
   */
  get wantsContent(): boolean {
    return this.options.captureContent ?? getContentCaptureOverride() ?? this.contentByEnv;
  }

  /** How many generation spans are open (started, not yet ended). */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Subscribes to `bus` (default: the process-wide `hooks` bus) and points the bus's logger at
   * this package's OTel diag logger.
   *
   * @returns a function that unsubscribes again; when the plugin is on no bus anymore, its open
   * spans are ended as abandoned (so a flush right after exports them). Registering again later
   * works.
   */
  register(bus: HookBus = globalHooks): () => void {
    try {
      setHookLogger({
        warn: (msg, ...rest) => diagLogger.warn(msg, ...rest),
        debug: (...a) => diagLogger.debug(String(a[0]), ...a.slice(1)),
      });
    } catch {
      // an older core-hooks copy without setHookLogger: keep its default logger
    }
    const unregister = bus.register(this);
    this.buses.add(bus);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      unregister();
      this.buses.delete(bus);
      if (this.buses.size === 0) this.inFlight.abandonAll();
    };
  }

  /** Uses `tracerProvider` from the next span on (`undefined`: the global provider). */
  setTracerProvider(tracerProvider: TracerProvider | undefined): void {
    this.tracers.set(tracerProvider);
  }

  /** Uses `meterProvider` from the next measurement on (`undefined`: the global provider). */
  setMeterProvider(meterProvider: MeterProvider | undefined): void {
    this.meters.set(meterProvider);
  }

  private start(payload: Loose, batch: boolean): HookReturn | undefined {
    try {
      if (payload === null || typeof payload !== 'object') return undefined;
      const id = payload.generationId;
      if (typeof id !== 'string' || id === '') return undefined;
      const entry = new GenerationEntry(batch);
      const parent = context.active();
      const attributes = requestAttributes(
        payload,
        batch ? GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION : GEN_AI_OPERATION_NAME_VALUE_CHAT,
        batch,
        this.options.recordGenerationId,
        parent.getValue(TRACE_CONTEXT_KEY) as TraceContext | undefined,
        entry,
      );
      const name = this.spanName(entry.operation, entry.model);
      const kind = payload.inProcess === true ? SpanKind.INTERNAL : SpanKind.CLIENT;
      const span = this.tracers.get().startSpan(name, { kind, attributes }, parent);
      entry.span = span;
      entry.startedAt = Date.now();
      if (span.isRecording() && this.wantsContent) {
        entry.content = true;
        this.content.recordInput(span, payload);
        if (batch) entry.prompts = payload.prompts;
      }
      this.inFlight.add(id, entry);
      entry.context = trace.setSpan(parent, span);
      return entry;
    } catch (error) {
      diagLogger.debug('generation pre_call: could not start the span', error);
      return undefined;
    }
  }

  /** `"{operation} {model}"`, remembering the last one (a framework usually calls one model). */
  private spanName(operation: string, model: string | undefined): string {
    if (model === undefined) return operation;
    if (operation !== this.lastOperation || model !== this.lastModel) {
      this.lastOperation = operation;
      this.lastModel = model;
      this.lastName = `${operation} ${model}`;
    }
    return this.lastName;
  }

  private take(payload: Loose): GenerationEntry | undefined {
    if (payload === null || typeof payload !== 'object') return undefined;
    const id = payload.generationId;
    return typeof id === 'string' ? this.inFlight.take(id) : undefined;
  }

  private succeed(payload: Loose): void {
    const entry = this.take(payload);
    if (entry === undefined) return;
    const span = entry.span!;
    try {
      const response = payload.response as Loose | undefined;
      const usage = response !== null && typeof response === 'object' ? readUsage(response.usage) : undefined;
      const ttfc = seconds(payload.timeToFirstChunkMs);
      try {
        if (span.isRecording()) {
          setResponseAttributes(span, response);
          if (usage !== undefined) setUsageAttributes(span, usage, this.cacheWriteAttribute);
          if (ttfc !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, ttfc);
          if (entry.content) this.content.recordOutput(span, response);
        }
      } finally {
        span.end();
      }
      if (this.metrics !== undefined) {
        const m = this.measure(entry, payload.latencyMs, responseModelOf(response), undefined, usage);
        if (ttfc !== undefined) {
          m.timeToFirstChunk = ttfc;
          const chunks = payload.chunkCount;
          if (typeof chunks === 'number' && Number.isFinite(chunks) && chunks > 1 && m.duration >= ttfc) {
            m.timePerOutputChunk = (m.duration - ttfc) / (chunks - 1);
          }
        }
        this.metrics.record(this.meters.provider(), m);
      }
    } catch (error) {
      diagLogger.debug('generation post_call: could not record the span', error);
    }
  }

  private succeedBatch(payload: Loose): void {
    const entry = this.take(payload);
    if (entry === undefined) return;
    const span = entry.span!;
    try {
      const responses: readonly unknown[] = Array.isArray(payload.responses) ? payload.responses : [];
      const usage = batchUsage(payload.usage, responses);
      try {
        if (span.isRecording()) {
          setBatchResponseAttributes(span, responses);
          if (usage !== undefined) setUsageAttributes(span, usage, this.cacheWriteAttribute);
          if (entry.content) this.content.recordBatchItems(span, entry.prompts, responses);
        }
      } finally {
        span.end();
      }
      if (this.metrics !== undefined) {
        const m = this.measure(entry, payload.latencyMs, batchResponseModel(responses), undefined, usage);
        this.metrics.record(this.meters.provider(), m);
      }
    } catch (error) {
      diagLogger.debug('generation batch_post_call: could not record the span', error);
    }
  }

  private fail(payload: Loose, batch: boolean): void {
    const entry = this.take(payload);
    if (entry === undefined) return;
    const span = entry.span!;
    try {
      const cancelled = payload.cancelled === true;
      const error = payload.error;
      const response = batch ? undefined : (payload.response as Loose | undefined);
      const usage = response !== null && typeof response === 'object' ? readUsage(response.usage) : undefined;
      try {
        if (span.isRecording()) {
          setResponseAttributes(span, response);
          if (usage !== undefined) setUsageAttributes(span, usage, this.cacheWriteAttribute);
          if (entry.content) {
            if (batch) this.content.recordBatchItems(span, entry.prompts, undefined);
            else this.content.recordOutput(span, response);
          }
          setErrorAttributes(span, error, cancelled, payload.source === 'call', this.options.redact);
        }
      } finally {
        span.end();
      }
      if (this.metrics !== undefined) {
        const type = cancelled ? ERROR_TYPE_VALUE_CANCELLED : errorType(error);
        const m = this.measure(entry, payload.latencyMs, responseModelOf(response), type, usage);
        this.metrics.record(this.meters.provider(), m);
      }
    } catch (err) {
      diagLogger.debug('generation error: could not record the span', err);
    }
  }

  /** Fills the reused measurement (recording is synchronous, so one object serves every call). */
  private measure(
    entry: GenerationEntry,
    latencyMs: unknown,
    responseModel: string | undefined,
    type: string | undefined,
    usage: LooseUsage | undefined,
  ): OperationMeasurement {
    const m = this.measurement;
    m.operation = entry.operation;
    m.provider = entry.provider;
    m.requestModel = entry.model;
    m.responseModel = responseModel;
    m.serverAddress = entry.serverAddress;
    m.serverPort = entry.serverPort;
    m.errorType = type;
    m.duration = seconds(latencyMs) ?? Math.max(0, Date.now() - entry.startedAt) / 1000;
    m.inputTokens = usage === undefined ? undefined : tokenCount(usage.inputTokens);
    m.outputTokens = usage === undefined ? undefined : tokenCount(usage.outputTokens);
    m.timeToFirstChunk = undefined;
    m.timePerOutputChunk = undefined;
    return m;
  }
}
