import type { IncomingHttpHeaders } from 'node:http';

/** An attribute value as a plain JavaScript value (ints become numbers, arrays stay arrays). */
export type DecodedValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | DecodedValue[]
  | { [key: string]: DecodedValue };

/** A span event, flattened. */
export interface DecodedEvent {
  name: string;
  timeUnixNano: string;
  attributes: Record<string, DecodedValue>;
}

/** A span link, flattened (ids as lower-case hex). */
export interface DecodedLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, DecodedValue>;
}

/** One span as received, flattened with its resource and scope. */
export interface DecodedSpan {
  /** 32 lower-case hex characters. */
  traceId: string;
  /** 16 lower-case hex characters. */
  spanId: string;
  /** 16 lower-case hex characters, or `undefined` for a root span. */
  parentSpanId: string | undefined;
  name: string;
  /** OTLP `SpanKind` number: 1 INTERNAL, 2 SERVER, 3 CLIENT, 4 PRODUCER, 5 CONSUMER. */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, DecodedValue>;
  events: DecodedEvent[];
  links: DecodedLink[];
  /** OTLP `StatusCode` number: 0 UNSET, 1 OK, 2 ERROR. */
  status: { code: number; message?: string };
  /** The resource attributes of the batch the span came in. */
  resource: Record<string, DecodedValue>;
  /** The instrumentation scope name (the tracer name). */
  scopeName: string;
  scopeVersion: string | undefined;
}

/** One HTTP request the receiver got. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. `/v1/traces`. */
  path: string;
  headers: IncomingHttpHeaders;
  contentType: string;
  /** The body after `Content-Encoding` was undone. */
  body: Buffer;
  /**
   * The `ExportTraceServiceRequest` as an OTLP/JSON-shaped object (camelCase, ids and bytes as
   * hex, 64-bit integers as strings), or `undefined` when the body could not be decoded.
   */
  decoded: Record<string, unknown> | undefined;
  /** Why decoding failed, when it did. */
  error?: string;
}

/** Options of {@link startOtlpReceiver}. */
export interface OtlpReceiverOptions {
  /** Port on 127.0.0.1; default 0 (an ephemeral port). */
  port?: number;
  /** Reply with this status code instead of 200 (e.g. 401, 503), after recording the request. */
  status?: number;
}

/** A running loopback OTLP/HTTP receiver. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:PORT`: a base for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  url: string;
  /** `url + '/v1/traces'`: for `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. */
  tracesUrl: string;
  port: number;
  /** Every request so far, in arrival order. */
  requests: ReceivedRequest[];
  /** Every span decoded so far, flattened, in arrival order. */
  spans(): DecodedSpan[];
  /** Resolves with all spans once at least `n` arrived; rejects after `timeoutMs` (default 10 000). */
  waitForSpans(n: number, timeoutMs?: number): Promise<DecodedSpan[]>;
  /** Resolves with all requests once at least `n` arrived; rejects after `timeoutMs` (default 10 000). */
  waitForRequests(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  /** Changes the forced reply status (`undefined`: back to 200). */
  setStatus(status: number | undefined): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}
