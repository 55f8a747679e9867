import type { ReadableSpan } from '../sdk-types';
import { compareHrTime, parentSpanIdOf } from './span-relations';

/** One span of a trace tree with its children, ordered by start time. */
export interface TraceNode {
  /** The finished span. */
  span: ReadableSpan;
  /** The spans whose parent it is, ordered by start time. */
  children: TraceNode[];
}

const byStart = (a: TraceNode, b: TraceNode): number => compareHrTime(a.span.startTime, b.span.startTime);

// Iterative, so a very deep trace cannot overflow the stack.
function sortByStart(roots: TraceNode[]): void {
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
export function buildTraceTree(spans: readonly ReadableSpan[]): TraceNode[] {
  const nodes = new Map<string, TraceNode>();
  for (const span of spans) nodes.set(span.spanContext().spanId, { span, children: [] });
  const roots: TraceNode[] = [];
  for (const node of nodes.values()) {
    const parentId = parentSpanIdOf(node.span);
    const parent = parentId === undefined ? undefined : nodes.get(parentId);
    if (parent === undefined || parent === node) roots.push(node);
    else parent.children.push(node);
  }
  sortByStart(roots);
  return roots;
}
