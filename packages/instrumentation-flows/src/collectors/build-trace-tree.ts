import type { ReadableSpan } from '../sdk-types';
import { compareHrTime, parentSpanIdOf } from './span-relations';

/**
 * What a trace tree needs of a span. A `ReadableSpan` has it; so do the spans `mellea-traces`
 * reads back from an OTLP/JSON file (their parent as `parentSpanContext`).
 */
export type TreeSpan = Pick<
  ReadableSpan,
  'name' | 'startTime' | 'duration' | 'status' | 'attributes' | 'spanContext'
>;

/** One span of a trace tree with its children, ordered by start time. */
export interface TraceNode<S extends TreeSpan = ReadableSpan> {
  /** The finished span. */
  span: S;
  /** The spans whose parent it is, ordered by start time. */
  children: TraceNode<S>[];
}

const byStart = (a: TraceNode<TreeSpan>, b: TraceNode<TreeSpan>): number =>
  compareHrTime(a.span.startTime, b.span.startTime);

// Iterative, so a very deep trace cannot overflow the stack.
function sortByStart(roots: TraceNode<TreeSpan>[]): void {
  const pending = [roots];
  for (let level = pending.pop(); level !== undefined; level = pending.pop()) {
    level.sort(byStart);
    for (const node of level) if (node.children.length > 0) pending.push(node.children);
  }
}

/**
 * Arranges the spans of one trace as trees: the roots are the spans whose parent is not among
 * `spans` (the trace root, or spans whose parent has not ended or was dropped); siblings are
 * ordered by start time.
 */
export function buildTraceTree<S extends TreeSpan>(spans: readonly S[]): TraceNode<S>[] {
  const nodes = new Map<string, TraceNode<S>>();
  for (const span of spans) nodes.set(span.spanContext().spanId, { span, children: [] });
  const roots: TraceNode<S>[] = [];
  for (const node of nodes.values()) {
    const parentId = parentSpanIdOf(node.span);
    const parent = parentId === undefined ? undefined : nodes.get(parentId);
    if (parent === undefined || parent === node) roots.push(node);
    else parent.children.push(node);
  }
  sortByStart(roots);
  return roots;
}
