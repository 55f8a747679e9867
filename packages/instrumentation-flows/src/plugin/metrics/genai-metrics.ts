import {
  type Attributes,
  type Counter,
  createNoopMeter,
  type Histogram,
  type Meter,
  type MeterProvider,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DURATION_BUCKETS,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
  METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  SEMCONV_SCHEMA_URL,
  TOKEN_USAGE_BUCKETS,
  UNIT_SECONDS,
  UNIT_TOKENS,
} from '../../semconv';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../../version';

/** One finished operation, as the metrics see it. Durations in seconds. */
export interface OperationMeasurement {
  operation: string;
  provider: string | undefined;
  requestModel: string | undefined;
  responseModel: string | undefined;
  serverAddress: string | undefined;
  serverPort: number | undefined;
  errorType: string | undefined;
  /** `undefined` when neither the payload nor the span tells it (nothing recorded then). */
  duration: number | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  /** Streams only. */
  timeToFirstChunk: number | undefined;
  /** Streams only: (duration − time to first chunk) ÷ (chunks − 1). */
  timePerOutputChunk: number | undefined;
}

export interface Instruments {
  duration: Histogram;
  timeToFirstChunk: Histogram;
  timePerOutputChunk: Histogram;
  /** v1.41: one histogram split by `gen_ai.token.type`. */
  tokenUsage: Histogram | undefined;
  /** Latest experimental: one counter per direction. */
  inputTokens: Counter | undefined;
  outputTokens: Counter | undefined;
}

/**
 * The GenAI client metrics, with the semconv bucket advice: v1.41 names
 * (`gen_ai.client.operation.*`, `gen_ai.client.token.usage`) by default, the GenAI conventions'
 * main-branch names (`gen_ai.client.inference.*` and the usage counters) under the
 * latest-experimental opt-in. Instruments are created once per meter provider.
 */
export class GenAiMetrics {
  private provider: MeterProvider | undefined;
  private instruments: Instruments | undefined;

  constructor(private readonly latest: boolean) {}

  /**
   * The instruments of `meterProvider`, made once per provider; `undefined` when it hands out
   * the API's no-op meter (no provider registered): the caller then skips all metric work.
   */
  instrumentsOf(meterProvider: MeterProvider): Instruments | undefined {
    if (this.provider === meterProvider) return this.instruments;
    const instruments = this.create(meterProvider);
    this.provider = meterProvider;
    this.instruments = instruments;
    return instruments;
  }

  /** Records one finished operation through the instruments {@link instrumentsOf} gave. */
  record(ins: Instruments, m: OperationMeasurement): void {
    const attrs: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: m.operation };
    if (m.provider !== undefined) attrs[ATTR_GEN_AI_PROVIDER_NAME] = m.provider;
    if (m.requestModel !== undefined) attrs[ATTR_GEN_AI_REQUEST_MODEL] = m.requestModel;
    if (m.responseModel !== undefined) attrs[ATTR_GEN_AI_RESPONSE_MODEL] = m.responseModel;
    if (m.serverAddress !== undefined) attrs[ATTR_SERVER_ADDRESS] = m.serverAddress;
    if (m.serverPort !== undefined) attrs[ATTR_SERVER_PORT] = m.serverPort;
    // `error.type` is an attribute of the duration only (not of the token and chunk metrics).
    if (m.duration !== undefined) {
      if (m.errorType === undefined) ins.duration.record(m.duration, attrs);
      else ins.duration.record(m.duration, { ...attrs, [ATTR_ERROR_TYPE]: m.errorType });
    }
    if (m.timeToFirstChunk !== undefined) ins.timeToFirstChunk.record(m.timeToFirstChunk, attrs);
    if (m.timePerOutputChunk !== undefined) ins.timePerOutputChunk.record(m.timePerOutputChunk, attrs);
    if (m.inputTokens === undefined && m.outputTokens === undefined) return;
    if (ins.tokenUsage !== undefined) {
      if (m.inputTokens !== undefined)
        ins.tokenUsage.record(m.inputTokens, {
          ...attrs,
          [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT,
        });
      if (m.outputTokens !== undefined)
        ins.tokenUsage.record(m.outputTokens, {
          ...attrs,
          [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
        });
    } else {
      if (m.inputTokens !== undefined) ins.inputTokens?.add(m.inputTokens, attrs);
      if (m.outputTokens !== undefined) ins.outputTokens?.add(m.outputTokens, attrs);
    }
  }

  private create(meterProvider: MeterProvider): Instruments | undefined {
    const latest = this.latest;
    const meter = meterProvider.getMeter(
      PACKAGE_NAME,
      PACKAGE_VERSION,
      latest ? {} : { schemaUrl: SEMCONV_SCHEMA_URL },
    );
    if (isNoopMeter(meter)) return undefined;
    const seconds = { unit: UNIT_SECONDS, advice: { explicitBucketBoundaries: DURATION_BUCKETS } };
    const instruments: Instruments = {
      duration: meter.createHistogram(
        latest ? METRIC_GEN_AI_CLIENT_INFERENCE_DURATION : METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
        { description: 'GenAI operation duration', ...seconds },
      ),
      timeToFirstChunk: meter.createHistogram(
        latest
          ? METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK
          : METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
        { description: 'Time to receive the first chunk in a streaming operation', ...seconds },
      ),
      timePerOutputChunk: meter.createHistogram(
        latest
          ? METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK
          : METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
        { description: 'Time per output chunk after the first one in a streaming operation', ...seconds },
      ),
      tokenUsage: latest
        ? undefined
        : meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
            description: 'Number of input and output tokens used',
            unit: UNIT_TOKENS,
            advice: { explicitBucketBoundaries: TOKEN_USAGE_BUCKETS },
          }),
      inputTokens: latest
        ? meter.createCounter(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS, {
            description: 'Number of input tokens used',
            unit: UNIT_TOKENS,
          })
        : undefined,
      outputTokens: latest
        ? meter.createCounter(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS, {
            description: 'Number of output tokens used',
            unit: UNIT_TOKENS,
          })
        : undefined,
    };
    return instruments;
  }
}

/**
 * The API's no-op meter (what `metrics.getMeterProvider()` hands out while no provider is
 * registered), also from another copy of the API (by its class name).
 */
function isNoopMeter(meter: Meter): boolean {
  return meter === createNoopMeter() || (meter as object).constructor?.name === 'NoopMeter';
}
