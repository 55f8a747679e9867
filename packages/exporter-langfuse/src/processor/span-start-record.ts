import type { TraceContextValue } from '../context/read-trace-context';

/** What the processor learned about a span when it started, used when the span is exported. */
export interface SpanStartRecord {
  traceId: string;
  /** The trace context active at start. */
  traceContext?: TraceContextValue;
  /** Whether the span is the app root (see `AppRootTracker`). */
  isAppRoot: boolean;
}

/** Looks up the start record of a finished span. */
export type SpanStartLookup = (span: object) => SpanStartRecord | undefined;
