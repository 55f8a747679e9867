import {
  hooks as globalHooks,
  type HookBus,
  type HookHandlers,
  type HookPlugin,
  setHookLogger,
} from '@mellea/core-hooks';
import { type MeterProvider, type Tracer, type TracerProvider, trace } from '@opentelemetry/api';
import { isBaggageTrusted, isBaggageTrustedByEnv } from '../config/baggage-trust';
import {
  getContentCaptureOverride,
  isContentCaptureEnabledByEnv,
  isLatestGenAiSemconv,
} from '../config/env-flags';
import { diagLogger } from '../diag/diag-logger';
import {
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  SEMCONV_SCHEMA_URL,
} from '../semconv';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';
import { type ContentPolicy, publishContentPolicy } from './content/content-policy';
import { ContentRecorder } from './content/content-recorder';
import { GenerationMetrics } from './generation-metrics';
import { GenerationSpans } from './generation-spans';
import {
  type BackendTracingPluginOptions,
  type ResolvedPluginOptions,
  resolvePluginOptions,
} from './plugin-options';
import { ProviderCache } from './provider-cache';
import { defaultRedactor } from './redact/default-redactor';

type Loose = Record<string, unknown>;

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
  private readonly metrics: GenerationMetrics | undefined;
  private readonly spans: GenerationSpans;
  /** The environment's content-capture switches, read once (env reads are slow on the hot path). */
  private readonly contentByEnv: boolean;
  /** `MELLEA_TRACES_TRUST_BAGGAGE`, read once. */
  private readonly trustBaggageByEnv: boolean;
  private readonly buses = new Set<HookBus>();
  /** What flow and tool spans record content with while this plugin is registered. */
  private readonly contentPolicy: ContentPolicy;

  constructor(options?: BackendTracingPluginOptions) {
    const o = resolvePluginOptions(options, defaultRedactor);
    this.options = o;
    this.contentByEnv = isContentCaptureEnabledByEnv();
    this.trustBaggageByEnv = isBaggageTrustedByEnv();
    const latest = isLatestGenAiSemconv();
    const tracerOptions = latest ? undefined : { schemaUrl: SEMCONV_SCHEMA_URL };
    this.tracers = new ProviderCache<TracerProvider, Tracer>(
      () => trace.getTracerProvider(),
      (tp) => tp.getTracer(PACKAGE_NAME, PACKAGE_VERSION, tracerOptions),
      options?.tracerProvider,
    );
    this.metrics = o.metrics ? new GenerationMetrics(latest, options?.meterProvider) : undefined;
    const spans = new GenerationSpans({
      options: o,
      tracers: this.tracers,
      metrics: this.metrics,
      content: new ContentRecorder(o.maxContentLength, o.redact),
      contentOn: () => this.wantsContent,
      trustBaggage: () => isBaggageTrusted(o.trustBaggage, this.trustBaggageByEnv),
      cacheWriteAttribute: latest
        ? ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS
        : ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
    });
    this.spans = spans;
    this.contentPolicy = {
      contentOn: () => this.wantsContent,
      maxContentLength: o.maxContentLength,
      redact: o.redact,
    };
    this.hooks = {
      generation_pre_call: (p) => spans.start(p as unknown as Loose, false),
      generation_post_call: (p) => spans.succeed(p as unknown as Loose),
      generation_error: (p) => spans.fail(p as unknown as Loose, false),
      generation_batch_pre_call: (p) => spans.start(p as unknown as Loose, true),
      generation_batch_post_call: (p) => spans.succeedBatch(p as unknown as Loose),
      generation_batch_error: (p) => spans.fail(p as unknown as Loose, true),
    };
  }

  /**
   * Whether this plugin records message content: the `captureContent` option, else the choice
   * made in code (`setupTracing` / `MelleaInstrumentation`), else the environment as it was when
   * the plugin was created. The bus asks it to tell frameworks whether to build content.
   */
  get wantsContent(): boolean {
    return this.options.captureContent ?? getContentCaptureOverride() ?? this.contentByEnv;
  }

  /**
   * How many generation spans are open (started, not yet ended). A span that does not record
   * (sampled out), while no metrics are recorded either, is not kept: its end has nothing to do.
   */
  get inFlightCount(): number {
    return this.spans.size;
  }

  /**
   * Subscribes to `bus` (default: the process-wide `hooks` bus) and points the bus's logger at
   * this package's OTel diag logger. While it is registered, flow and tool spans
   * (`traceWorkflow`, `traceAgent`, `traceStep`, `traceTool`) record content with this plugin's
   * switch, redactor and caps (the most recently registered plugin's, when there are several).
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
    const withdraw = publishContentPolicy(this.contentPolicy);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      withdraw();
      unregister();
      this.buses.delete(bus);
      if (this.buses.size === 0) this.spans.abandonAll();
    };
  }

  /** Uses `tracerProvider` from the next span on (`undefined`: the global provider). */
  setTracerProvider(tracerProvider: TracerProvider | undefined): void {
    this.tracers.set(tracerProvider);
  }

  /** Uses `meterProvider` from the next measurement on (`undefined`: the global provider). */
  setMeterProvider(meterProvider: MeterProvider | undefined): void {
    this.metrics?.setMeterProvider(meterProvider);
  }
}
