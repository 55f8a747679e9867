import { isGenerationOperation } from '../collectors/format-trace-tree';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVICE_NAME,
  ATTR_SESSION_ID,
  ATTR_TAG_TAGS,
  ATTR_USER_ID,
} from '../semconv';
import { durationNanos, type FileSpan, type OtlpAttributes, type OtlpValue } from './otlp-json-model';
import { groupByTrace } from './trace-tree-text';

// What the viewer page is given: every trace with its spans in tree order, times in milliseconds
// from the trace's start, and the GenAI facts already picked out (the page knows no attribute names).

/** The GenAI summary of one generation span. */
export interface PageGeneration {
  operation: string;
  provider?: string;
  model?: string;
  requestModel?: string;
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  finishReasons?: string[];
}

/** One span as the page shows it. */
export interface PageSpan {
  id: string;
  /** `''` for a root. */
  parent: string;
  name: string;
  kind: string;
  status: 'ok' | 'error' | 'unset';
  statusMessage: string;
  /** Milliseconds from the start of the trace. */
  start: number;
  /** Milliseconds. */
  duration: number;
  depth: number;
  /** Index into {@link PageData.resources}. */
  resource: number;
  scope: string;
  attributes: OtlpAttributes;
  events: { name: string; at: number; attributes: OtlpAttributes }[];
  generation?: PageGeneration;
  /** Time to first chunk of a stream, in milliseconds from the span's start. */
  timeToFirstChunk?: number;
}

/** One trace as the page shows it. */
export interface PageTrace {
  id: string;
  name: string;
  service: string;
  sessionId?: string;
  userId?: string;
  tags: string[];
  /** Milliseconds since the epoch. */
  startEpochMs: number;
  duration: number;
  errors: number;
  /** Depth-first, children by start time. */
  spans: PageSpan[];
}

/** Everything the page renders. */
export interface PageData {
  title: string;
  source: string;
  resources: OtlpAttributes[];
  traces: PageTrace[];
}

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES = ['unset', 'ok', 'error'] as const;
const NS_PER_MS = 1_000_000n;

const nanosToMs = (nanos: bigint): number => Number(nanos / 1000n) / 1000;
const num = (v: OtlpValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: OtlpValue | undefined): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

function generationOf(a: OtlpAttributes): PageGeneration | undefined {
  const operation = a[ATTR_GEN_AI_OPERATION_NAME];
  if (!isGenerationOperation(operation)) return undefined;
  const finish = a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
  return {
    operation: String(operation),
    provider: str(a[ATTR_GEN_AI_PROVIDER_NAME]),
    model: str(a[ATTR_GEN_AI_RESPONSE_MODEL]) ?? str(a[ATTR_GEN_AI_REQUEST_MODEL]),
    requestModel: str(a[ATTR_GEN_AI_REQUEST_MODEL]),
    inputTokens: num(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]),
    outputTokens: num(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]),
    cachedTokens: num(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]),
    reasoningTokens: num(a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]),
    finishReasons: Array.isArray(finish) ? finish.map(String) : undefined,
  };
}

/** Spans in depth-first order (children by start time), each with its depth. Orphans are roots. */
function treeOrder(spans: FileSpan[]): { span: FileSpan; depth: number }[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, FileSpan[]>();
  const roots: FileSpan[] = [];
  for (const span of spans) {
    if (span.parentSpanId === '' || !ids.has(span.parentSpanId) || span.parentSpanId === span.spanId) {
      roots.push(span);
    } else {
      const list = children.get(span.parentSpanId);
      if (list === undefined) children.set(span.parentSpanId, [span]);
      else list.push(span);
    }
  }
  const byStart = (a: FileSpan, b: FileSpan) =>
    a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0;
  const out: { span: FileSpan; depth: number }[] = [];
  const stack = roots
    .sort(byStart)
    .reverse()
    .map((span) => ({ span, depth: 0 }));
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    out.push(item);
    const kids = (children.get(item.span.spanId) ?? []).sort(byStart);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i], depth: item.depth + 1 });
  }
  return out;
}

/** The first value of `key` on the trace's spans, in tree order. */
function firstString(spans: FileSpan[], key: string): string | undefined {
  for (const span of spans) {
    const value = str(span.attributes[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Builds what the page shows from the spans of a trace file. */
export function buildPageData(spans: readonly FileSpan[], source: string, title: string): PageData {
  const resources: OtlpAttributes[] = [];
  const resourceIndex = new Map<string, number>();
  const resourceOf = (attrs: OtlpAttributes): number => {
    const key = JSON.stringify(attrs);
    let index = resourceIndex.get(key);
    if (index === undefined) {
      index = resources.push(attrs) - 1;
      resourceIndex.set(key, index);
    }
    return index;
  };
  const traces: PageTrace[] = [];
  for (const [traceId, list] of groupByTrace(spans)) {
    const ordered = treeOrder(list);
    let start = list[0].startTimeUnixNano;
    let end = list[0].endTimeUnixNano;
    for (const s of list) {
      if (s.startTimeUnixNano < start) start = s.startTimeUnixNano;
      if (s.endTimeUnixNano > end) end = s.endTimeUnixNano;
    }
    const tags = new Set<string>();
    for (const s of list) {
      const t = s.attributes[ATTR_TAG_TAGS];
      if (Array.isArray(t)) for (const tag of t) tags.add(String(tag));
    }
    const inOrder = ordered.map((o) => o.span);
    const pageSpans = ordered.map(({ span, depth }): PageSpan => {
      const ttfc = num(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]);
      const generation = generationOf(span.attributes);
      return {
        id: span.spanId,
        parent: span.parentSpanId,
        name: span.name,
        kind: KINDS[span.kind] ?? String(span.kind),
        status: STATUSES[span.status.code] ?? 'unset',
        statusMessage: span.status.message,
        start: nanosToMs(span.startTimeUnixNano - start),
        duration: nanosToMs(durationNanos(span)),
        depth,
        resource: resourceOf(span.resource),
        scope: span.scope.name,
        attributes: span.attributes,
        events: span.events.map((e) => ({
          name: e.name,
          at: nanosToMs(e.timeUnixNano - start),
          attributes: e.attributes,
        })),
        ...(generation ? { generation } : {}),
        ...(ttfc !== undefined ? { timeToFirstChunk: ttfc * 1000 } : {}),
      };
    });
    const root = ordered[0].span;
    traces.push({
      id: traceId,
      name: root.name,
      service: str(root.resource[ATTR_SERVICE_NAME]) ?? '',
      sessionId: firstString(inOrder, ATTR_SESSION_ID),
      userId: firstString(inOrder, ATTR_USER_ID),
      tags: [...tags],
      startEpochMs: Number(start / NS_PER_MS),
      duration: nanosToMs(end - start),
      errors: pageSpans.filter((s) => s.status === 'error').length,
      spans: pageSpans,
    });
  }
  return { title, source, resources, traces };
}
