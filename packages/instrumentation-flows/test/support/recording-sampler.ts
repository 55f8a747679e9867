import type { Attributes, Context, SpanKind } from '@opentelemetry/api';
import { type Sampler, SamplingDecision, type SamplingResult } from '@opentelemetry/sdk-trace-base';

/** What a sampler was shown when a span started. */
export interface SampledStart {
  name: string;
  kind: SpanKind;
  attributes: Attributes;
}

/** A sampler that keeps a copy of every span start it sees, then samples (or drops) it. */
export class RecordingSampler implements Sampler {
  readonly seen: SampledStart[] = [];

  constructor(private readonly decision = SamplingDecision.RECORD_AND_SAMPLED) {}

  shouldSample(
    _context: Context,
    _traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
  ): SamplingResult {
    this.seen.push({ name, kind, attributes: { ...attributes } });
    return { decision: this.decision };
  }

  toString(): string {
    return 'RecordingSampler';
  }
}
