import { type Attributes, context, trace } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_MELLEA_EDGE_FROM,
  ATTR_MELLEA_EDGE_TO,
  ATTR_MELLEA_FLOW_INPUT,
  ATTR_MELLEA_FLOW_OUTPUT,
  ATTR_MELLEA_STEP_NAME,
  EVENT_MELLEA_EDGE_TRAVERSAL,
} from '../semconv';
import { type FlowOptions, flowContent } from './flow-content';
import { runInSpan, workflowNameOf } from './run-in-span';

/**
 * Runs `fn` inside a span named `name` (kind INTERNAL, `mellea.step.name`, the active trace
 * context; no `gen_ai.operation.name`): a graph node or a pipeline stage. Sync, async and
 * async-iterable `fn`, nesting and errors behave as in {@link traceWorkflow}.
 *
 * The step carries `gen_ai.workflow.name`: the workflow it runs in (the nearest `traceWorkflow`),
 * else the entry point it runs under (the outermost `traceAgent` or `traceStep`), else its own
 * name — it is the entry point. So GenAI-only span filters (such as `@langfuse/otel`'s default)
 * keep steps, and the tree arrives whole. With content capture on, `opts.input` and the sync or
 * awaited result are recorded as `mellea.flow.input` / `mellea.flow.output` (JSON, see
 * {@link FlowOptions}).
 *
 * @example
 * ```ts
 * await traceStep('retrieve', async () => {
 *   const docs = await retrieve(query);
 *   recordEdge('retrieve', 'answer');
 *   return docs;
 * });
 * ```
 */
export function traceStep<T>(name: string, fn: () => T, attrs?: Attributes, opts?: FlowOptions): T {
  let workflowName = name;
  try {
    workflowName = workflowNameOf(context.active()) ?? name;
  } catch {
    // a broken context manager: the step names itself
  }
  return runInSpan(
    {
      name,
      contextAttributes: 'flow',
      attributes: { [ATTR_MELLEA_STEP_NAME]: name, [ATTR_GEN_AI_WORKFLOW_NAME]: workflowName },
      userAttributes: attrs,
      workflowName: name,
      ...flowContent({
        inputKey: ATTR_MELLEA_FLOW_INPUT,
        outputKey: ATTR_MELLEA_FLOW_OUTPUT,
        input: opts?.input,
      }),
    },
    fn,
  );
}

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
