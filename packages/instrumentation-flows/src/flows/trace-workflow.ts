import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_MELLEA_FLOW_INPUT,
  ATTR_MELLEA_FLOW_OUTPUT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
} from '../semconv';
import { type FlowOptions, flowContent } from './flow-content';
import { flowsUseLatestSemconv, runInSpan } from './run-in-span';

/**
 * Runs `fn` inside an `invoke_workflow {name}` span (kind INTERNAL, `gen_ai.operation.name`
 * `invoke_workflow`, `gen_ai.workflow.name`, the active trace context; under the
 * latest-experimental opt-in also `gen_ai.conversation.id`) and returns its result.
 *
 * `fn` may be sync, async, or return an async iterable: the span ends when `fn` returns, its
 * promise settles, or the iterable (returned wrapped) ends, breaks, throws or is abandoned.
 * Spans started inside `fn` — across `await`, `Promise.all`, timers and async iterators — are
 * its children. A failure marks the span (exception event, status ERROR, `error.type`) and the
 * same error object propagates.
 *
 * With content capture on, `opts.input` and the sync or awaited result are recorded as
 * `mellea.flow.input` / `mellea.flow.output` (JSON, through the same redactor and caps as
 * generation content; see {@link FlowOptions}).
 *
 * @example
 * ```ts
 * const answer = await traceWorkflow('research', async () => {
 *   const notes = await traceStep('search', () => search(query));
 *   return traceStep('summarize', () => summarize(notes));
 * });
 * const reply = await traceWorkflow('support', () => answer(question), undefined, { input: question });
 * ```
 */
export function traceWorkflow<T>(name: string, fn: () => T, attrs?: Attributes, opts?: FlowOptions): T {
  return runInSpan(
    {
      ...flowContent({
        inputKey: ATTR_MELLEA_FLOW_INPUT,
        outputKey: ATTR_MELLEA_FLOW_OUTPUT,
        input: opts?.input,
      }),
      workflowName: name,
      workflowNameWins: true,
      name: `${GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW} ${name}`,
      contextAttributes: flowsUseLatestSemconv() ? 'genai' : 'flow',
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
        [ATTR_GEN_AI_WORKFLOW_NAME]: name,
      },
      userAttributes: attrs,
    },
    fn,
  );
}
