import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Redactor } from './redact/default-redactor';

/** Options of {@link BackendTracingPlugin}. Every field is optional. */
export interface BackendTracingPluginOptions {
  /** Where spans go. Default: the global tracer provider, resolved at each span. */
  tracerProvider?: TracerProvider;
  /** Where metrics go. Default: the global meter provider, resolved at each record. */
  meterProvider?: MeterProvider;
  /** Record the GenAI client metrics. Default `true`. */
  metrics?: boolean;
  /**
   * Record message content (`gen_ai.input.messages`, ...). Default: the choice given to
   * `setupTracing` / `MelleaInstrumentation` (read at each generation), else
   * `MELLEA_TRACES_CONTENT` / `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` as set when
   * the plugin is created.
   */
  captureContent?: boolean;
  /**
   * Take `session.id`, `user.id` and `tag.tags` from incoming W3C baggage (sent by a caller's
   * `withTraceContext({ propagate: true })`) where no local `withTraceContext` sets them. Baggage
   * comes from the network: turn this on only where callers are trusted. Default: the choice given
   * to `setupTracing` / `MelleaInstrumentation`, else `MELLEA_TRACES_TRUST_BAGGAGE` as set when the
   * plugin is created.
   */
  trustBaggage?: boolean;
  /** Each string in the content is cut at this many characters; each attribute at 4×. Default 8192. */
  maxContentLength?: number;
  /** Masks secrets in content and error messages. Default: `defaultRedactor`; `false`: none. */
  redact?: Redactor | false;
  /** Record the framework's correlation id as `mellea.generation.id`. Default `false`. */
  recordGenerationId?: boolean;
  /**
   * A span with no terminal event after this long is ended as abandoned (checked every tenth of
   * it, so at most that much later). Default 30 minutes.
   */
  spanTimeoutMs?: number;
  /** At most this many open spans; beyond, the oldest is ended as abandoned. Default 10 000. */
  maxInFlight?: number;
}

/** The options with defaults applied and bad values replaced by the defaults. */
export interface ResolvedPluginOptions {
  metrics: boolean;
  captureContent: boolean | undefined;
  trustBaggage: boolean | undefined;
  maxContentLength: number;
  redact: Redactor | undefined;
  recordGenerationId: boolean;
  spanTimeoutMs: number;
  maxInFlight: number;
}

/** The default `maxContentLength`. */
export const DEFAULT_MAX_CONTENT_LENGTH = 8192;
const DEFAULT_SPAN_TIMEOUT_MS = 30 * 60 * 1000;
const DEFAULT_MAX_IN_FLIGHT = 10_000;

/** Applies the defaults to `options` (an invalid value counts as not given). */
export function resolvePluginOptions(
  options: BackendTracingPluginOptions | undefined,
  defaultRedactor: Redactor,
): ResolvedPluginOptions {
  const o: BackendTracingPluginOptions = options !== null && typeof options === 'object' ? options : {};
  const maxContentLength =
    Number.isInteger(o.maxContentLength) && (o.maxContentLength as number) > 0
      ? (o.maxContentLength as number)
      : DEFAULT_MAX_CONTENT_LENGTH;
  const spanTimeoutMs =
    typeof o.spanTimeoutMs === 'number' && o.spanTimeoutMs > 0 ? o.spanTimeoutMs : DEFAULT_SPAN_TIMEOUT_MS;
  const maxInFlight =
    Number.isInteger(o.maxInFlight) && (o.maxInFlight as number) > 0
      ? (o.maxInFlight as number)
      : DEFAULT_MAX_IN_FLIGHT;
  return {
    metrics: o.metrics !== false,
    captureContent: typeof o.captureContent === 'boolean' ? o.captureContent : undefined,
    trustBaggage: typeof o.trustBaggage === 'boolean' ? o.trustBaggage : undefined,
    maxContentLength,
    redact: o.redact === false ? undefined : typeof o.redact === 'function' ? o.redact : defaultRedactor,
    recordGenerationId: o.recordGenerationId === true,
    spanTimeoutMs,
    maxInFlight,
  };
}
