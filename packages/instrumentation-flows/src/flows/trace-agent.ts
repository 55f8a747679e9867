import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '../semconv';
import { toAgentInputMessages, toAgentOutputMessages } from './agent-messages';
import { flowContent } from './flow-content';
import type { FlowOptions } from './flow-options';
import { runInSpan } from './run-in-span';

/**
 * Runs `fn` inside an `invoke_agent {name}` span (kind INTERNAL, `gen_ai.operation.name`
 * `invoke_agent`, `gen_ai.agent.name`, the active trace context including
 * `gen_ai.conversation.id`) and returns its result. Sync, async and async-iterable `fn`, nesting
 * and errors behave as in {@link traceWorkflow}.
 *
 * With content capture on, `opts.input` and the sync or awaited result are recorded as
 * `gen_ai.input.messages` / `gen_ai.output.messages` (semconv messages as they are; any other
 * value as one `user` / `assistant` message with a text part), through the same redactor and caps
 * as generation content.
 *
 * @example
 * ```ts
 * const reply = await traceAgent('planner', () => planner.run(task), { 'gen_ai.agent.id': 'planner-1' }, { input: task });
 * ```
 */
export function traceAgent<T>(name: string, fn: () => T, attrs?: Attributes, opts?: FlowOptions): T {
  return runInSpan(
    {
      ...flowContent({
        inputKey: ATTR_GEN_AI_INPUT_MESSAGES,
        outputKey: ATTR_GEN_AI_OUTPUT_MESSAGES,
        input: opts?.input,
        toInput: toAgentInputMessages,
        toOutput: toAgentOutputMessages,
      }),
      workflowName: name,
      name: `${GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT} ${name}`,
      contextAttributes: 'genai',
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
        [ATTR_GEN_AI_AGENT_NAME]: name,
      },
      userAttributes: attrs,
    },
    fn,
  );
}
