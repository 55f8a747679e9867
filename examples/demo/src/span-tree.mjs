// @ts-check
// Spans as the OTLP receiver decoded them, grouped into traces and nested by parent id.

/**
 * @typedef {import('@mellea/test-otlp-receiver').DecodedSpan} DecodedSpan
 * @typedef {{ span: DecodedSpan, children: SpanNode[] }} SpanNode
 */

/** @type {(a: SpanNode, b: SpanNode) => number} */
const byStart = (a, b) => {
  const d = BigInt(a.span.startTimeUnixNano) - BigInt(b.span.startTimeUnixNano);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};

/**
 * Groups spans by trace id (in order of first appearance) and nests each trace by parent id.
 * A span whose parent was not received counts as a root.
 * @param {DecodedSpan[]} spans
 * @returns {Map<string, SpanNode[]>} trace id → root nodes, children by start time
 */
export function traceTrees(spans) {
  /** @type {Map<string, SpanNode>} */
  const nodes = new Map(spans.map((span) => [span.spanId, { span, children: [] }]));
  /** @type {Map<string, SpanNode[]>} */
  const traces = new Map();
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanId ? nodes.get(node.span.parentSpanId) : undefined;
    if (parent) parent.children.push(node);
    else {
      const roots = traces.get(node.span.traceId) ?? [];
      roots.push(node);
      traces.set(node.span.traceId, roots);
    }
  }
  for (const node of nodes.values()) node.children.sort(byStart);
  for (const roots of traces.values()) roots.sort(byStart);
  return traces;
}

/**
 * The chain of span names from `span` up to its root.
 * @param {DecodedSpan} span
 * @param {DecodedSpan[]} spans
 * @returns {string[]}
 */
export function ancestry(span, spans) {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const names = [];
  /** @type {DecodedSpan | undefined} */
  let s = span;
  while (s) {
    names.push(s.name);
    s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
  }
  return names;
}
