/** Which Langfuse span processor the seam app uses. */
export type SeamProcessor = 'mellea' | 'langfuse-otel';

/** argv[2] of the seam app. */
export interface SeamRequest {
  processor: SeamProcessor;
  /** The loopback Langfuse stand-in. */
  baseUrl: string;
  /** Wrap the workflow in a span of another (HTTP-server-like) instrumentation. */
  foreignRoot?: boolean;
}

/** A span as the app's other exporter saw it. */
export interface SeenSpan {
  name: string;
  spanId: string;
  parentSpanId: string | undefined;
  scopeName: string;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  /** `@langfuse/otel`'s `isDefaultExportSpan` of the span (only for that processor). */
  langfuseDefaultExport?: boolean;
}

/** The one JSON line the seam app prints. */
export interface SeamResult {
  answer: string;
  /** Every span, as another exporter on the same provider saw it. */
  spans: SeenSpan[];
  /** Diag warnings and errors logged during the run. */
  warnings: string[];
}
