import { type Attributes, type MeterProvider, metrics, type Span } from '@opentelemetry/api';
import { hrTimeToMs } from '../hr-time';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_MODALITY,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_INFERENCE_OPERATION_NAMES,
  GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
} from '../semconv';
import { type LooseUsage, seconds, tokenCount } from './attributes/payload-readers';
import type { RequestInfo } from './attributes/request-attributes';
import { createInstruments, followGlobalIfNoop, type Instruments } from './genai-instruments';

/**
 * The duration in seconds of an ended SDK span (its `duration` HrTime, read duck-typed), or
 * `undefined` for a span that has none (a non-recording span, another implementation).
 */
export function endedSpanSeconds(span: Span | undefined): number | undefined {
  const duration = (span as { duration?: unknown } | undefined)?.duration;
  if (!Array.isArray(duration) || duration.length !== 2) return undefined;
  if (typeof duration[0] !== 'number' || typeof duration[1] !== 'number') return undefined;
  const total = hrTimeToMs(duration as [number, number]) / 1e3;
  return Number.isFinite(total) && total >= 0 ? total : undefined;
}

/** The frozen attribute sets of one combination of the metrics' common attributes and error type. */
export interface MetricAttributeSets {
  /** Operation, provider, request and response model, server address and port. */
  readonly common: Attributes;
  /** `common` with `error.type` when the generation failed (else `common` itself). */
  readonly withError: Attributes;
  /** v1.41: `common` with `gen_ai.token.type` `input`; latest: with `gen_ai.token.modality` `unknown`. */
  readonly input: Attributes;
  /** v1.41: `common` with `gen_ai.token.type` `output`; latest: the same as `input`. */
  readonly output: Attributes;
}

/** How many attribute combinations {@link MetricAttributeCache} keeps by default. */
export const MAX_METRIC_ATTRIBUTE_SETS = 256;

/**
 * The metrics' attribute objects, built once per combination of operation, provider, request
 * and response model, server address and port, and error type, frozen, and handed to every
 * record of that combination (the SDK only reads them). The last combination is remembered
 * apart (a framework usually calls one model: a few comparisons, no key built); the others are
 * kept, at most `max` of them, dropping the oldest first, so a high-cardinality model name
 * cannot grow memory without bound.
 */
export class MetricAttributeCache {
  private readonly sets = new Map<string, MetricAttributeSets>();
  private last: MetricAttributeSets | undefined;
  private lastOperation = '';
  private lastProvider: string | undefined;
  private lastModel: string | undefined;
  private lastAddress: string | undefined;
  private lastPort: number | undefined;
  private lastResponseModel: string | undefined;
  private lastErrorType: string | undefined;

  constructor(
    private readonly latest: boolean,
    private readonly max = MAX_METRIC_ATTRIBUTE_SETS,
  ) {}

  /** How many combinations are kept. */
  get size(): number {
    return this.sets.size;
  }

  /** The attribute sets of `request`'s combination with `responseModel` and `errorType`. */
  of(
    request: RequestInfo,
    responseModel: string | undefined,
    errorType: string | undefined,
  ): MetricAttributeSets {
    if (
      this.last !== undefined &&
      request.operation === this.lastOperation &&
      request.model === this.lastModel &&
      responseModel === this.lastResponseModel &&
      errorType === this.lastErrorType &&
      request.provider === this.lastProvider &&
      request.serverAddress === this.lastAddress &&
      request.serverPort === this.lastPort
    )
      return this.last;
    const key = JSON.stringify([
      request.operation,
      request.provider,
      request.model,
      responseModel,
      request.serverAddress,
      request.serverPort,
      errorType,
    ]);
    let sets = this.sets.get(key);
    if (sets === undefined) {
      sets = this.build(request, responseModel, errorType);
      if (this.sets.size >= this.max) this.sets.delete(this.sets.keys().next().value as string);
      this.sets.set(key, sets);
    }
    this.last = sets;
    this.lastOperation = request.operation;
    this.lastProvider = request.provider;
    this.lastModel = request.model;
    this.lastAddress = request.serverAddress;
    this.lastPort = request.serverPort;
    this.lastResponseModel = responseModel;
    this.lastErrorType = errorType;
    return sets;
  }

  private build(
    r: RequestInfo,
    responseModel: string | undefined,
    errorType: string | undefined,
  ): MetricAttributeSets {
    const common: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: r.operation };
    if (r.provider !== undefined) common[ATTR_GEN_AI_PROVIDER_NAME] = r.provider;
    if (r.model !== undefined) common[ATTR_GEN_AI_REQUEST_MODEL] = r.model;
    if (responseModel !== undefined) common[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
    if (r.serverAddress !== undefined) common[ATTR_SERVER_ADDRESS] = r.serverAddress;
    if (r.serverPort !== undefined) common[ATTR_SERVER_PORT] = r.serverPort;
    const withError = errorType === undefined ? common : { ...common, [ATTR_ERROR_TYPE]: errorType };
    const input = this.latest
      ? { ...common, [ATTR_GEN_AI_TOKEN_MODALITY]: GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN }
      : { ...common, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT };
    const output = this.latest
      ? input
      : { ...common, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT };
    return Object.freeze({
      common: Object.freeze(common),
      withError: Object.freeze(withError),
      input: Object.freeze(input),
      output: Object.freeze(output),
    });
  }
}

/**
 * Records the GenAI client metrics of finished generations through the meter provider in effect
 * (the one given, else the global one, resolved at each record), each mode following its
 * registry. Default (v1.41): `gen_ai.client.operation.{duration,time_to_first_chunk,
 * time_per_output_chunk}` and the int histogram `gen_ai.client.token.usage` by
 * `gen_ai.token.type`, for every operation. Under the latest-experimental opt-in: inference
 * operations record `gen_ai.client.inference.*` (duration, chunk times, the int usage counters
 * with `gen_ai.token.modality`, the per-operation int token histograms; token metrics also for
 * failed calls, 0 when no usage is known), other operations `gen_ai.client.operation.duration`.
 *
 * While the provider is the API's no-op one (none registered), a record does nothing beyond
 * resolving it; a provider registered later is used from the next record on. Instruments are
 * created once per provider.
 */
export class GenerationMetrics {
  private explicit: MeterProvider | undefined;
  private provider: MeterProvider | undefined;
  private instruments: Instruments | undefined;
  private readonly attributes: MetricAttributeCache;

  constructor(
    private readonly latest: boolean,
    meterProvider: MeterProvider | undefined,
  ) {
    this.explicit = followGlobalIfNoop(meterProvider);
    this.attributes = new MetricAttributeCache(latest);
  }

  /**
   * Uses `meterProvider` from the next record on (`undefined`, or the API's no-op provider: the
   * global provider).
   */
  setMeterProvider(meterProvider: MeterProvider | undefined): void {
    this.explicit = followGlobalIfNoop(meterProvider);
  }

  /** Whether a record would record anything now (a real MeterProvider is in effect). */
  get active(): boolean {
    return this.instrumentsNow() !== undefined;
  }

  /**
   * Records one finished generation (its span already ended). `latencyMs` from the payload, else
   * the ended span's own duration when the span has one (else no duration is recorded); for
   * streams `timeToFirstChunk` (s) and `chunkCount` give the chunk metrics.
   */
  record(
    request: RequestInfo & { span: Span | undefined },
    latencyMs: unknown,
    responseModel: string | undefined,
    errorType: string | undefined,
    usage: LooseUsage | undefined,
    timeToFirstChunk?: number,
    chunkCount?: unknown,
  ): void {
    const ins = this.instrumentsNow();
    if (ins === undefined) return;
    const sets = this.attributes.of(request, responseModel, errorType);
    const duration = seconds(latencyMs) ?? endedSpanSeconds(request.span);
    const timePerOutputChunk =
      timeToFirstChunk !== undefined &&
      typeof chunkCount === 'number' &&
      Number.isFinite(chunkCount) &&
      chunkCount > 1 &&
      duration !== undefined &&
      duration >= timeToFirstChunk
        ? (duration - timeToFirstChunk) / (chunkCount - 1)
        : undefined;
    if (ins.latest) {
      // `error.type` goes on the durations and the per-operation token histograms, not on the counters.
      const attrs = sets.withError;
      if (!GEN_AI_INFERENCE_OPERATION_NAMES.has(request.operation)) {
        if (duration !== undefined) ins.operationDuration.record(duration, attrs);
        return;
      }
      if (duration !== undefined) ins.inferenceDuration.record(duration, attrs);
      // Chunk times come only with successful streams: `attrs` has no `error.type` then.
      if (timeToFirstChunk !== undefined) ins.timeToFirstChunk.record(timeToFirstChunk, attrs);
      if (timePerOutputChunk !== undefined) ins.timePerOutputChunk.record(timePerOutputChunk, attrs);
      // Every token metric is recorded, 0 when the count is not known (as for a failed call); the
      // payload's usage has no per-modality breakdown: every count is `unknown` modality.
      const input = tokenCount(usage?.inputTokens) ?? 0;
      const output = tokenCount(usage?.outputTokens) ?? 0;
      ins.operationInput.record(input, attrs);
      ins.operationOutput.record(output, attrs);
      ins.usageInput.add(input, sets.input);
      ins.usageOutput.add(output, sets.input);
      ins.usageCacheRead.add(tokenCount(usage?.cacheReadInputTokens) ?? 0, sets.input);
      ins.usageCacheWrite.add(tokenCount(usage?.cacheCreationInputTokens) ?? 0, sets.input);
      ins.usageReasoning.add(tokenCount(usage?.reasoningOutputTokens) ?? 0, sets.input);
      return;
    }
    // v1.41: `error.type` on the duration only; token usage only for the counts that are known.
    if (duration !== undefined) ins.duration.record(duration, sets.withError);
    if (timeToFirstChunk !== undefined) ins.timeToFirstChunk.record(timeToFirstChunk, sets.common);
    if (timePerOutputChunk !== undefined) ins.timePerOutputChunk.record(timePerOutputChunk, sets.common);
    if (usage === undefined) return;
    const input = tokenCount(usage.inputTokens);
    if (input !== undefined) ins.tokenUsage.record(input, sets.input);
    const output = tokenCount(usage.outputTokens);
    if (output !== undefined) ins.tokenUsage.record(output, sets.output);
  }

  /** The instruments of the provider in effect now; `undefined` while it is the no-op one. */
  private instrumentsNow(): Instruments | undefined {
    const provider = this.explicit ?? metrics.getMeterProvider();
    if (provider !== this.provider) {
      this.instruments = createInstruments(provider, this.latest);
      this.provider = provider;
    }
    return this.instruments;
  }
}
