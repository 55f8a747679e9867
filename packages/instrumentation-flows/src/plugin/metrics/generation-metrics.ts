import { type MeterProvider, metrics } from '@opentelemetry/api';
import { type LooseUsage, seconds, tokenCount } from '../attributes/payload-readers';
import type { GenerationEntry } from '../generation-entry';
import { ProviderCache } from '../provider-cache';
import { endedSpanSeconds } from './ended-span-seconds';
import { GenAiMetrics, type OperationMeasurement } from './genai-metrics';

/**
 * Records the GenAI client metrics of finished generations through the meter provider in effect
 * (the one given, else the global one, resolved at each record). While that is the API's no-op
 * provider (none registered), a record does nothing beyond resolving it; a provider registered
 * later is used from the next record on.
 */
export class GenerationMetrics {
  private readonly meters: ProviderCache<MeterProvider, MeterProvider>;
  private readonly metrics: GenAiMetrics;
  // Recording is synchronous, so one measurement object serves every call.
  private readonly m: OperationMeasurement = {
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
    cacheReadInputTokens: undefined,
    cacheWriteInputTokens: undefined,
    reasoningOutputTokens: undefined,
    timeToFirstChunk: undefined,
    timePerOutputChunk: undefined,
  };

  constructor(latest: boolean, meterProvider: MeterProvider | undefined) {
    this.metrics = new GenAiMetrics(latest);
    this.meters = new ProviderCache<MeterProvider, MeterProvider>(
      () => metrics.getMeterProvider(),
      (mp) => mp,
      followGlobalIfNoop(meterProvider),
    );
  }

  /**
   * Uses `meterProvider` from the next record on (`undefined`, or the API's no-op provider: the
   * global provider).
   */
  setMeterProvider(meterProvider: MeterProvider | undefined): void {
    this.meters.set(followGlobalIfNoop(meterProvider));
  }

  /**
   * Records one finished generation (its span already ended). `latencyMs` from the payload, else
   * the ended span's own duration when the span has one (else no duration is recorded); for
   * streams `timeToFirstChunk` (s) and `chunkCount` give the chunk metrics.
   */
  record(
    entry: GenerationEntry,
    latencyMs: unknown,
    responseModel: string | undefined,
    errorType: string | undefined,
    usage: LooseUsage | undefined,
    timeToFirstChunk?: number,
    chunkCount?: unknown,
  ): void {
    const ins = this.metrics.instrumentsOf(this.meters.provider());
    if (ins === undefined) return;
    const m = this.m;
    m.operation = entry.operation;
    m.provider = entry.provider;
    m.requestModel = entry.model;
    m.responseModel = responseModel;
    m.serverAddress = entry.serverAddress;
    m.serverPort = entry.serverPort;
    m.errorType = errorType;
    m.duration = seconds(latencyMs) ?? endedSpanSeconds(entry.span);
    if (usage === undefined) {
      m.inputTokens = undefined;
      m.outputTokens = undefined;
      m.cacheReadInputTokens = undefined;
      m.cacheWriteInputTokens = undefined;
      m.reasoningOutputTokens = undefined;
    } else {
      m.inputTokens = tokenCount(usage.inputTokens);
      m.outputTokens = tokenCount(usage.outputTokens);
      m.cacheReadInputTokens = tokenCount(usage.cacheReadInputTokens);
      m.cacheWriteInputTokens = tokenCount(usage.cacheCreationInputTokens);
      m.reasoningOutputTokens = tokenCount(usage.reasoningOutputTokens);
    }
    m.timeToFirstChunk = timeToFirstChunk;
    m.timePerOutputChunk =
      timeToFirstChunk !== undefined &&
      typeof chunkCount === 'number' &&
      Number.isFinite(chunkCount) &&
      chunkCount > 1 &&
      m.duration !== undefined &&
      m.duration >= timeToFirstChunk
        ? (m.duration - timeToFirstChunk) / (chunkCount - 1)
        : undefined;
    this.metrics.record(ins, m);
  }
}

/**
 * The API's no-op provider counts as none given: `registerInstrumentations` (NodeSDK too) hands an
 * instrumentation `metrics.getMeterProvider()`, the no-op one while no provider is registered;
 * following the global provider instead picks up one registered later.
 */
function followGlobalIfNoop(meterProvider: MeterProvider | undefined): MeterProvider | undefined {
  return (meterProvider as object | undefined)?.constructor?.name === 'NoopMeterProvider'
    ? undefined
    : meterProvider;
}
