import {
  type Counter,
  createNoopMeter,
  type Histogram,
  type Meter,
  type MeterProvider,
  ValueType,
} from '@opentelemetry/api';
import {
  DURATION_BUCKETS,
  METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
  METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  SEMCONV_SCHEMA_URL,
  TOKEN_USAGE_BUCKETS,
  UNIT_SECONDS,
  UNIT_TOKENS,
} from '../semconv';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version';

/** v1.41 (default) instruments. */
export interface V141Instruments {
  latest: false;
  duration: Histogram;
  timeToFirstChunk: Histogram;
  timePerOutputChunk: Histogram;
  /** One int histogram split by `gen_ai.token.type`. */
  tokenUsage: Histogram;
}

/** Latest-experimental instruments (semantic-conventions-genai). */
export interface LatestInstruments {
  latest: true;
  /** Inference operations. */
  inferenceDuration: Histogram;
  /** Every other operation (embeddings, ...). */
  operationDuration: Histogram;
  timeToFirstChunk: Histogram;
  timePerOutputChunk: Histogram;
  /** Int counters with `gen_ai.token.modality`, recorded for every inference (0 when no usage). */
  usageInput: Counter;
  usageOutput: Counter;
  usageCacheRead: Counter;
  usageCacheWrite: Counter;
  usageReasoning: Counter;
  /** Int histograms per operation, with `error.type` on failures. */
  operationInput: Histogram;
  operationOutput: Histogram;
}

export type Instruments = V141Instruments | LatestInstruments;

const TTFC_BRIEF = 'Time to receive the first chunk in a streaming operation';
const TPOC_BRIEF = 'Time per output chunk after the first one in a streaming operation';

/**
 * The instruments of one mode on `meterProvider`'s meter for this package (with the v1.41 schema
 * URL by default, none under the latest-experimental opt-in), each with the registry's kind, unit,
 * value type and bucket advice. `undefined` when the provider hands out the API's no-op meter (no
 * MeterProvider registered): then there is nothing to record.
 */
export function createInstruments(meterProvider: MeterProvider, latest: boolean): Instruments | undefined {
  const meter = meterProvider.getMeter(
    PACKAGE_NAME,
    PACKAGE_VERSION,
    latest ? {} : { schemaUrl: SEMCONV_SCHEMA_URL },
  );
  if (isNoopMeter(meter)) return undefined;
  const secs = (name: string, description: string) =>
    meter.createHistogram(name, {
      description,
      unit: UNIT_SECONDS,
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
  const tokens = (name: string, description: string) =>
    meter.createHistogram(name, {
      description,
      unit: UNIT_TOKENS,
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: TOKEN_USAGE_BUCKETS },
    });
  const counter = (name: string, description: string) =>
    meter.createCounter(name, { description, unit: UNIT_TOKENS, valueType: ValueType.INT });
  if (!latest)
    return {
      latest: false,
      duration: secs(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, 'GenAI operation duration'),
      timeToFirstChunk: secs(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, TTFC_BRIEF),
      timePerOutputChunk: secs(METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK, TPOC_BRIEF),
      tokenUsage: tokens(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, 'Number of input and output tokens used'),
    };
  return {
    latest: true,
    inferenceDuration: secs(
      METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
      'GenAI client inference operation duration',
    ),
    operationDuration: secs(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, 'GenAI operation duration'),
    timeToFirstChunk: secs(METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK, TTFC_BRIEF),
    timePerOutputChunk: secs(METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK, TPOC_BRIEF),
    usageInput: counter(
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS,
      'The number of input (prompt) tokens used, including cached tokens',
    ),
    usageOutput: counter(
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS,
      'The number of output (completion) tokens used, including reasoning tokens',
    ),
    usageCacheRead: counter(
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
      'The number of input tokens served from a provider-managed cache',
    ),
    usageCacheWrite: counter(
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS,
      'The number of input tokens written to a provider-managed cache',
    ),
    usageReasoning: counter(
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
      'The number of output tokens used for reasoning',
    ),
    operationInput: tokens(
      METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS,
      'The number of input (prompt) tokens used per inference operation',
    ),
    operationOutput: tokens(
      METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS,
      'The number of output (completion) tokens used per inference operation',
    ),
  };
}

/**
 * The API's no-op meter (what `metrics.getMeterProvider()` hands out while no provider is
 * registered), also from another copy of the API (by its class name).
 */
function isNoopMeter(meter: Meter): boolean {
  return meter === createNoopMeter() || (meter as object).constructor?.name === 'NoopMeter';
}

/**
 * The API's no-op provider counts as none given: `registerInstrumentations` (NodeSDK too) hands an
 * instrumentation `metrics.getMeterProvider()`, the no-op one while no provider is registered;
 * following the global provider instead picks up one registered later.
 */
export function followGlobalIfNoop(meterProvider: MeterProvider | undefined): MeterProvider | undefined {
  return (meterProvider as object | undefined)?.constructor?.name === 'NoopMeterProvider'
    ? undefined
    : meterProvider;
}
