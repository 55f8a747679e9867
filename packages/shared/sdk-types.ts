import type {
  Span as ApiSpan,
  Attributes,
  Context,
  HrTime,
  Link,
  SpanContext,
  SpanKind,
  SpanStatus,
} from '@opentelemetry/api';

// The parts of the OTel JS SDK's trace types these packages use, written structurally so that the
// types (and the .d.ts) need only `@opentelemetry/api`, and objects of either SDK line (2.x:
// `@opentelemetry/sdk-trace-base`; 3.x: `@opentelemetry/sdk-trace`) fit them. Shared by
// @mellea/instrumentation-flows and @mellea/exporter-langfuse (see packages/shared/README.md).

/** The outcome of one export (`@opentelemetry/core`'s `ExportResult`: code 0 success, 1 failed). */
export interface ExportResult {
  code: number;
  error?: Error;
}

/** A span event as the SDK records it. */
export interface TimedEvent {
  time: HrTime;
  name: string;
  attributes?: Attributes;
  droppedAttributesCount?: number;
}

/** A finished (or running) span as the SDK shows it to processors and exporters. */
export interface ReadableSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly spanContext: () => SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: TimedEvent[];
  readonly duration: HrTime;
  readonly ended: boolean;
  readonly resource: { readonly attributes: Attributes };
  readonly instrumentationScope: {
    readonly name: string;
    readonly version?: string;
    readonly schemaUrl?: string;
  };
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
}

/** The SDK's span: the API span and its readable view. */
export type Span = ApiSpan & ReadableSpan;

/** An SDK span processor (either line). */
export interface SpanProcessor {
  forceFlush(): Promise<void>;
  onStart(span: Span, parentContext: Context): void;
  onEnd(span: ReadableSpan): void;
  shutdown(): Promise<void>;
}

/** An SDK span exporter (either line). */
export interface SpanExporter {
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}
