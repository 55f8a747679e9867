import type { Attributes, MeterProvider } from '@opentelemetry/api';
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
} from '../../semconv';
import {
  createGenAiInstruments,
  type Instruments,
  type LatestInstruments,
  type V141Instruments,
} from './genai-instruments';

/** One finished operation, as the metrics see it. Durations in seconds; token counts are integers. */
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
  cacheReadInputTokens: number | undefined;
  cacheWriteInputTokens: number | undefined;
  reasoningOutputTokens: number | undefined;
  /** Streams only. */
  timeToFirstChunk: number | undefined;
  /** Streams only: (duration − time to first chunk) ÷ (chunks − 1). */
  timePerOutputChunk: number | undefined;
}

/** Writes the attributes every GenAI client metric shares into `into`. */
function common(m: OperationMeasurement, into: Attributes): Attributes {
  into[ATTR_GEN_AI_OPERATION_NAME] = m.operation;
  if (m.provider !== undefined) into[ATTR_GEN_AI_PROVIDER_NAME] = m.provider;
  if (m.requestModel !== undefined) into[ATTR_GEN_AI_REQUEST_MODEL] = m.requestModel;
  if (m.responseModel !== undefined) into[ATTR_GEN_AI_RESPONSE_MODEL] = m.responseModel;
  if (m.serverAddress !== undefined) into[ATTR_SERVER_ADDRESS] = m.serverAddress;
  if (m.serverPort !== undefined) into[ATTR_SERVER_PORT] = m.serverPort;
  return into;
}

/**
 * The GenAI client metrics, each mode following its registry. Default (v1.41):
 * `gen_ai.client.operation.{duration,time_to_first_chunk,time_per_output_chunk}` and the int
 * histogram `gen_ai.client.token.usage` by `gen_ai.token.type`, for every operation. Under the
 * latest-experimental opt-in: inference operations record `gen_ai.client.inference.*` (duration,
 * chunk times, the int usage counters with `gen_ai.token.modality`, the per-operation int token
 * histograms; token metrics also for failed calls, 0 when no usage is known), other operations
 * `gen_ai.client.operation.duration`. Instruments are created once per meter provider.
 *
 * The SDK keeps the attribute objects it is given, so each recording gets its own object, never
 * one mutated afterwards.
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
    const instruments = createGenAiInstruments(meterProvider, this.latest);
    this.provider = meterProvider;
    this.instruments = instruments;
    return instruments;
  }

  /** Records one finished operation through the instruments {@link instrumentsOf} gave. */
  record(ins: Instruments, m: OperationMeasurement): void {
    if (ins.latest) recordLatest(ins, m);
    else recordV141(ins, m);
  }
}

/** v1.41: `error.type` on the duration only; token usage only for the counts that are known. */
function recordV141(ins: V141Instruments, m: OperationMeasurement): void {
  const attrs = common(m, {});
  if (m.duration !== undefined) {
    const durationAttrs = m.errorType === undefined ? attrs : common(m, { [ATTR_ERROR_TYPE]: m.errorType });
    ins.duration.record(m.duration, durationAttrs);
  }
  if (m.timeToFirstChunk !== undefined) ins.timeToFirstChunk.record(m.timeToFirstChunk, attrs);
  if (m.timePerOutputChunk !== undefined) ins.timePerOutputChunk.record(m.timePerOutputChunk, attrs);
  if (m.inputTokens !== undefined)
    ins.tokenUsage.record(
      m.inputTokens,
      common(m, { [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT }),
    );
  if (m.outputTokens !== undefined)
    ins.tokenUsage.record(
      m.outputTokens,
      common(m, { [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT }),
    );
}

/**
 * Latest experimental: inference operations get the inference metrics, with every token metric
 * recorded (0 when the count is not known, as for a failed call); other operations the operation
 * duration only.
 */
function recordLatest(ins: LatestInstruments, m: OperationMeasurement): void {
  // `error.type` goes on the durations and the per-operation token histograms, not on the counters.
  const attrs = common(m, m.errorType === undefined ? {} : { [ATTR_ERROR_TYPE]: m.errorType });
  if (!GEN_AI_INFERENCE_OPERATION_NAMES.has(m.operation)) {
    if (m.duration !== undefined) ins.operationDuration.record(m.duration, attrs);
    return;
  }
  if (m.duration !== undefined) ins.inferenceDuration.record(m.duration, attrs);
  // Chunk times come only with successful streams: `attrs` has no `error.type` then.
  if (m.timeToFirstChunk !== undefined) ins.timeToFirstChunk.record(m.timeToFirstChunk, attrs);
  if (m.timePerOutputChunk !== undefined) ins.timePerOutputChunk.record(m.timePerOutputChunk, attrs);
  const input = m.inputTokens ?? 0;
  const output = m.outputTokens ?? 0;
  ins.operationInput.record(input, attrs);
  ins.operationOutput.record(output, attrs);
  // The payload's usage has no per-modality breakdown: every count is `unknown` modality.
  const usageAttrs = common(m, { [ATTR_GEN_AI_TOKEN_MODALITY]: GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN });
  ins.usageInput.add(input, usageAttrs);
  ins.usageOutput.add(output, usageAttrs);
  ins.usageCacheRead.add(m.cacheReadInputTokens ?? 0, usageAttrs);
  ins.usageCacheWrite.add(m.cacheWriteInputTokens ?? 0, usageAttrs);
  ins.usageReasoning.add(m.reasoningOutputTokens ?? 0, usageAttrs);
}
