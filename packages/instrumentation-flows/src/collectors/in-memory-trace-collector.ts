import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '../sdk-types';
import { buildTraceTree, type TraceNode } from './build-trace-tree';

/** Options of {@link InMemoryTraceCollector}. */
export interface InMemoryTraceCollectorOptions {
  /** How many traces are kept; beyond it the least recently active one is dropped. Default 1000. */
  maxTraces?: number;
  /** How many spans one trace keeps; later spans of a full trace are dropped. Default 10 000. */
  maxSpansPerTrace?: number;
}

const DEFAULT_MAX_TRACES = 1000;
const DEFAULT_MAX_SPANS_PER_TRACE = 10_000;

function positiveInt(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

/**
 * A span processor that keeps finished spans in memory, grouped by trace: for tests, notebooks
 * and local debugging. Memory is bounded by `maxTraces` (the least recently active trace is
 * dropped first) and `maxSpansPerTrace`.
 *
 * @example
 * ```ts
 * const collector = new InMemoryTraceCollector();
 * const provider = new NodeTracerProvider({ spanProcessors: [collector] });
 * provider.register();
 * await traceWorkflow('demo', run);
 * const [root] = collector.tree(collector.getLastTrace()[0].spanContext().traceId);
 * ```
 */
export class InMemoryTraceCollector implements SpanProcessor {
  readonly #maxTraces: number;
  readonly #maxSpansPerTrace: number;
  // Map order is activity order: a trace moves to the end when one of its spans ends.
  readonly #traces = new Map<string, ReadableSpan[]>();

  constructor(opts?: InMemoryTraceCollectorOptions) {
    this.#maxTraces = positiveInt(opts?.maxTraces, DEFAULT_MAX_TRACES);
    this.#maxSpansPerTrace = positiveInt(opts?.maxSpansPerTrace, DEFAULT_MAX_SPANS_PER_TRACE);
  }

  /** Nothing happens at span start: spans are collected when they end. */
  onStart(_span: Span, _parentContext: Context): void {}

  /** Adds the finished span to its trace. */
  onEnd(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    let spans = this.#traces.get(traceId);
    if (spans === undefined) {
      spans = [];
    } else {
      this.#traces.delete(traceId);
    }
    if (spans.length < this.#maxSpansPerTrace) spans.push(span);
    this.#traces.set(traceId, spans);
    while (this.#traces.size > this.#maxTraces) {
      const oldest = this.#traces.keys().next().value as string;
      this.#traces.delete(oldest);
    }
  }

  /** The finished spans of trace `traceId` in the order they ended (empty when unknown). */
  getTrace(traceId: string): ReadableSpan[] {
    return this.#traces.get(traceId)?.slice() ?? [];
  }

  /** The finished spans of the trace in which a span ended last (empty when none). */
  getLastTrace(): ReadableSpan[] {
    let last: ReadableSpan[] | undefined;
    for (const spans of this.#traces.values()) last = spans;
    return last?.slice() ?? [];
  }

  /** The ids of the traces held, least recently active first. */
  getTraceIds(): string[] {
    return [...this.#traces.keys()];
  }

  /** Trace `traceId` as trees (usually one root), children ordered by start time. */
  tree(traceId: string): TraceNode[] {
    return buildTraceTree(this.#traces.get(traceId) ?? []);
  }

  /** Forgets every collected span. */
  clear(): void {
    this.#traces.clear();
  }

  /** Resolves at once: spans are held as they end. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Resolves at once; collected spans stay readable. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
