import type { DecodedEvent, DecodedLink, DecodedSpan, DecodedValue } from './types';

type Obj = Record<string, any>;

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

function enumNumber(value: unknown, names: Record<string, number>): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return names[value] ?? Number(value);
  return 0;
}

function toValue(any: Obj | undefined): DecodedValue {
  if (!any) return undefined;
  if ('stringValue' in any) return any.stringValue;
  if ('boolValue' in any) return any.boolValue;
  if ('intValue' in any) return Number(any.intValue);
  if ('doubleValue' in any) return Number(any.doubleValue);
  if ('bytesValue' in any) return any.bytesValue;
  if ('arrayValue' in any) return ((any.arrayValue?.values ?? []) as Obj[]).map(toValue);
  if ('kvlistValue' in any) return toAttributes(any.kvlistValue?.values);
  return undefined;
}

/** Turns an OTLP `KeyValue[]` into a plain object. */
export function toAttributes(list: Obj[] | undefined): Record<string, DecodedValue> {
  const out: Record<string, DecodedValue> = {};
  for (const kv of list ?? []) out[kv.key] = toValue(kv.value);
  return out;
}

function str(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function toEvent(e: Obj): DecodedEvent {
  return { name: str(e.name), timeUnixNano: str(e.timeUnixNano), attributes: toAttributes(e.attributes) };
}

function toLink(l: Obj): DecodedLink {
  return { traceId: str(l.traceId), spanId: str(l.spanId), attributes: toAttributes(l.attributes) };
}

/**
 * Flattens an OTLP/JSON-shaped `ExportTraceServiceRequest` (as produced by the decoders) into one
 * {@link DecodedSpan} per span, each carrying its resource attributes and scope.
 */
export function flattenSpans(request: Obj | undefined): DecodedSpan[] {
  const spans: DecodedSpan[] = [];
  for (const rs of (request?.resourceSpans ?? []) as Obj[]) {
    const resource = toAttributes(rs.resource?.attributes);
    for (const ss of (rs.scopeSpans ?? []) as Obj[]) {
      for (const s of (ss.spans ?? []) as Obj[]) {
        const status: { code: number; message?: string } = { code: enumNumber(s.status?.code, STATUS_CODES) };
        if (s.status?.message) status.message = s.status.message;
        spans.push({
          traceId: str(s.traceId),
          spanId: str(s.spanId),
          parentSpanId: s.parentSpanId ? String(s.parentSpanId) : undefined,
          name: str(s.name),
          kind: enumNumber(s.kind, SPAN_KINDS),
          startTimeUnixNano: str(s.startTimeUnixNano),
          endTimeUnixNano: str(s.endTimeUnixNano),
          attributes: toAttributes(s.attributes),
          events: ((s.events ?? []) as Obj[]).map(toEvent),
          links: ((s.links ?? []) as Obj[]).map(toLink),
          status,
          resource,
          scopeName: str(ss.scope?.name),
          scopeVersion: ss.scope?.version || undefined,
        });
      }
    }
  }
  return spans;
}
