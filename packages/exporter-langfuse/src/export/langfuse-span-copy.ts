import type { Attributes, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '../sdk-types';

/**
 * A read-only view of a finished span that differs from it only in its attributes (and, when
 * given, its events: a batch's per-item messages moved into the attributes). Every other
 * field is read from the original through its public properties (so SDK 1.x, 2.x and 3.x spans
 * fit); the original is never modified, so other exporters keep seeing its own attributes.
 */
export class LangfuseSpanCopy implements ReadableSpan {
  readonly #original: ReadableSpan;
  /** The attributes sent to Langfuse. */
  readonly attributes: Attributes;
  readonly #events: TimedEvent[] | undefined;

  constructor(original: ReadableSpan, attributes: Attributes, events?: TimedEvent[]) {
    this.#original = original;
    this.attributes = attributes;
    this.#events = events;
  }

  spanContext = (): SpanContext => this.#original.spanContext();
  get name(): string {
    return this.#original.name;
  }
  get kind(): SpanKind {
    return this.#original.kind;
  }
  /** The parent; built from `parentSpanId` for SDK 1.x spans, which have no `parentSpanContext`. */
  get parentSpanContext(): SpanContext | undefined {
    const parent = this.#original.parentSpanContext;
    if (parent !== undefined) return parent;
    const legacyId = this.parentSpanId;
    if (typeof legacyId !== 'string' || legacyId === '') return undefined;
    const own = this.#original.spanContext();
    return { traceId: own.traceId, spanId: legacyId, traceFlags: own.traceFlags };
  }
  /** SDK 1.x spans expose the parent as `parentSpanId`. */
  get parentSpanId(): string | undefined {
    return (this.#original as { parentSpanId?: string }).parentSpanId;
  }
  get startTime(): HrTime {
    return this.#original.startTime;
  }
  get endTime(): HrTime {
    return this.#original.endTime;
  }
  get status(): SpanStatus {
    return this.#original.status;
  }
  get links(): Link[] {
    return this.#original.links;
  }
  get events(): TimedEvent[] {
    return this.#events ?? this.#original.events;
  }
  get duration(): HrTime {
    return this.#original.duration;
  }
  get ended(): boolean {
    return this.#original.ended;
  }
  get resource(): ReadableSpan['resource'] {
    return this.#original.resource;
  }
  /** The scope; SDK 1.x spans call it `instrumentationLibrary`. */
  get instrumentationScope(): ReadableSpan['instrumentationScope'] {
    return (
      this.#original.instrumentationScope ??
      (this.instrumentationLibrary as ReadableSpan['instrumentationScope'])
    );
  }
  /** SDK 1.x name of `instrumentationScope`. */
  get instrumentationLibrary(): unknown {
    return (this.#original as { instrumentationLibrary?: unknown }).instrumentationLibrary;
  }
  get droppedAttributesCount(): number {
    return this.#original.droppedAttributesCount;
  }
  get droppedEventsCount(): number {
    return this.#original.droppedEventsCount;
  }
  get droppedLinksCount(): number {
    return this.#original.droppedLinksCount;
  }
}
