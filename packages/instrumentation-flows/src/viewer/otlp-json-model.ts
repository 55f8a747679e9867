/** An attribute value read from OTLP/JSON: `kvlistValue` becomes an object, `bytesValue` its base64 text. */
export type OtlpValue = string | number | boolean | null | OtlpValue[] | { [key: string]: OtlpValue };

/** Attributes read from an OTLP `KeyValue[]`. */
export type OtlpAttributes = Record<string, OtlpValue>;

/** A span event read from OTLP/JSON. */
export interface FileSpanEvent {
  name: string;
  /** Nanoseconds since the epoch. */
  timeUnixNano: bigint;
  attributes: OtlpAttributes;
}

/** One span read from an OTLP/JSON trace file, with its resource and scope. */
export interface FileSpan {
  /** 32 lower-case hex characters (base64 ids in the file are converted). */
  traceId: string;
  /** 16 lower-case hex characters. */
  spanId: string;
  /** 16 lower-case hex characters, or `''` for a root. */
  parentSpanId: string;
  name: string;
  /** OTLP `SpanKind`: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Nanoseconds since the epoch. */
  startTimeUnixNano: bigint;
  /** Nanoseconds since the epoch. */
  endTimeUnixNano: bigint;
  attributes: OtlpAttributes;
  events: FileSpanEvent[];
  /** OTLP `StatusCode`: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  resource: OtlpAttributes;
  scope: { name: string; version: string };
}

/** How long the span took, in nanoseconds (0 for an end before the start). */
export function durationNanos(span: FileSpan): bigint {
  const d = span.endTimeUnixNano - span.startTimeUnixNano;
  return d > 0n ? d : 0n;
}
