import { type Attributes, context } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_MELLEA_FLOW_INPUT,
  ATTR_MELLEA_FLOW_OUTPUT,
  ATTR_MELLEA_STEP_NAME,
} from '../semconv';
import { flowContent } from './flow-content';
import type { FlowOptions } from './flow-options';
import { runInSpan } from './run-in-span';
import { workflowNameOf } from './workflow-name-context';

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
