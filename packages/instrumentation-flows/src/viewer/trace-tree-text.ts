import type { Attributes, AttributeValue, HrTime, SpanContext } from '@opentelemetry/api';
import { buildTraceTree, type TreeSpan } from '../collectors/build-trace-tree';
import { formatTraceTree } from '../collectors/format-trace-tree';
import { durationNanos, type FileSpan, type OtlpAttributes } from './otlp-json-model';

const NS_PER_S = 1_000_000_000n;

function toHrTime(nanos: bigint): HrTime {
  return [Number(nanos / NS_PER_S), Number(nanos % NS_PER_S)];
}

// OTel attribute values are primitives or arrays of them; a kvlist is shown as its JSON.
function toAttributes(attrs: OtlpAttributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null) continue;
    const flat = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
    out[key] = (typeof value !== 'object' || flat ? value : JSON.stringify(value)) as AttributeValue;
  }
  return out;
}

type FileTreeSpan = TreeSpan & { parentSpanContext?: SpanContext };

function toTreeSpan(span: FileSpan): FileTreeSpan {
  const context: SpanContext = { traceId: span.traceId, spanId: span.spanId, traceFlags: 1 };
  return {
    name: span.name,
    startTime: toHrTime(span.startTimeUnixNano),
    duration: toHrTime(durationNanos(span)),
    status: { code: span.status.code, ...(span.status.message ? { message: span.status.message } : {}) },
    attributes: toAttributes(span.attributes),
    spanContext: () => context,
    ...(span.parentSpanId
      ? { parentSpanContext: { traceId: span.traceId, spanId: span.parentSpanId, traceFlags: 1 } }
      : {}),
  };
}

/** Groups spans by trace id, in order of first appearance. */
export function groupByTrace<S extends { traceId: string }>(spans: readonly S[]): Map<string, S[]> {
  const traces = new Map<string, S[]>();
  for (const span of spans) {
    const list = traces.get(span.traceId);
    if (list === undefined) traces.set(span.traceId, [span]);
    else list.push(span);
  }
  return traces;
}

/** The console tree of every trace in `spans`, as `ConsoleTreeExporter` prints it. */
export function traceTreeText(spans: readonly FileSpan[]): string {
  let text = '';
  for (const [traceId, list] of groupByTrace(spans)) {
    text += formatTraceTree(traceId, buildTraceTree(list.map(toTreeSpan)));
  }
  return text;
}
