import { type Attributes, trace } from '@opentelemetry/api';
import { ATTR_MELLEA_EDGE_FROM, ATTR_MELLEA_EDGE_TO, EVENT_MELLEA_EDGE_TRAVERSAL } from '../semconv';

/**
 * Records a graph edge taken from node `from` to node `to`: an `edge_traversal` event with
 * `mellea.edge.from` / `mellea.edge.to` (and `attrs`) on the active span. Without an active
 * recording span it does nothing.
 *
 * @example
 * ```ts
 * await traceWorkflow('graph', async () => {
 *   await traceStep('n1', runN1);
 *   recordEdge('n1', 'n2');
 *   await traceStep('n2', runN2);
 *   recordEdge('n2', 'END');
 * });
 * ```
 */
export function recordEdge(from: string, to: string, attrs?: Attributes): void {
  try {
    const span = trace.getActiveSpan();
    if (span === undefined || !span.isRecording()) return;
    span.addEvent(EVENT_MELLEA_EDGE_TRAVERSAL, {
      ...attrs,
      [ATTR_MELLEA_EDGE_FROM]: from,
      [ATTR_MELLEA_EDGE_TO]: to,
    });
  } catch {
    // an edge is best effort: never break the graph run
  }
}
