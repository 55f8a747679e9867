import type { Attributes, AttributeValue, Context } from '@opentelemetry/api';
import { isBaggageTrusted, isBaggageTrustedByEnv } from '../config/baggage-trust';
import type { ReadableSpan, Span, SpanProcessor } from '../sdk-types';
import { TRACE_CONTEXT_KEY, type TraceContext } from './trace-context';
import { addTraceContextAttributes } from './trace-context-attributes';
import { resolveTraceContext } from './trace-context-baggage';

/** The span methods this processor uses: public, so SDK 2.x and 3.x spans both work. */
interface StampableSpan {
  readonly attributes?: Attributes;
  isRecording?(): boolean;
  setAttribute(key: string, value: AttributeValue): unknown;
}

/** Options of {@link TraceContextSpanProcessor}. */
export interface TraceContextSpanProcessorOptions {
  /**
   * Take session, user and tags from incoming W3C baggage where no local `withTraceContext` sets
   * them (see `withTraceContext`'s `propagate`). Default: the choice given to `setupTracing` /
   * `MelleaInstrumentation`, else `MELLEA_TRACES_TRUST_BAGGAGE` as set when the processor is created.
   */
  trustBaggage?: boolean;
}

/**
 * A span processor that stamps every span started inside {@link withTraceContext} — those of
 * other instrumentations too (HTTP, database, other LLM instrumentations) — with the neutral
 * trace-context attributes `session.id`, `user.id` and `tag.tags`. Never `gen_ai.*` (which would
 * make GenAI-only filters export every HTTP span), and never over a value the span already has.
 *
 * With `trustBaggage`, a service called by one that propagates (`withTraceContext({ propagate:
 * true })`) stamps the caller's session, user and tags, where no local value is set.
 *
 * Add it to your tracer provider's span processors, before the exporting one:
 *
 * @example
 * ```ts
 * const provider = new NodeTracerProvider({
 *   spanProcessors: [new TraceContextSpanProcessor(), new BatchSpanProcessor(exporter)],
 * });
 * ```
 */
export class TraceContextSpanProcessor implements SpanProcessor {
  readonly #trustBaggage: boolean | undefined;
  readonly #trustBaggageByEnv: boolean;

  constructor(options?: TraceContextSpanProcessorOptions) {
    const trust = options?.trustBaggage;
    this.#trustBaggage = typeof trust === 'boolean' ? trust : undefined;
    this.#trustBaggageByEnv = isBaggageTrustedByEnv();
  }

  /** Stamps `span` from the trace context of the context it was started in. */
  onStart(span: Span, parentContext: Context): void {
    try {
      if (parentContext === undefined) return;
      const trust = isBaggageTrusted(this.#trustBaggage, this.#trustBaggageByEnv);
      const local = parentContext.getValue(TRACE_CONTEXT_KEY) as TraceContext | undefined;
      const ctx = resolveTraceContext(parentContext, local, trust);
      if (ctx === undefined) return;
      const target = span as unknown as StampableSpan;
      if (typeof target.isRecording === 'function' && !target.isRecording()) return;
      const existing = target.attributes;
      const stamps = addTraceContextAttributes(ctx, 'neutral');
      for (const key in stamps) {
        if (existing !== undefined && existing[key] !== undefined) continue;
        target.setAttribute(key, stamps[key] as AttributeValue);
      }
    } catch {
      // stamping is best effort: a foreign span we cannot handle keeps its own attributes
    }
  }

  /** Nothing to do when a span ends. */
  onEnd(_span: ReadableSpan): void {}

  /** Resolves at once: this processor holds nothing. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Resolves at once: this processor holds nothing. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
