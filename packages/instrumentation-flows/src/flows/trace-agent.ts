import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '../semconv';
import { runInSpan } from './run-in-span';

/**
 * Runs `fn` inside an `invoke_agent {name}` span (kind INTERNAL, `gen_ai.operation.name`
 * `invoke_agent`, `gen_ai.agent.name`, the active trace context including
 * `gen_ai.conversation.id`) and returns its result. Sync, async and async-iterable `fn`, nesting
 * and errors behave as in {@link traceWorkflow}.
 *
 * @example
 * ```ts
 * const reply = await traceAgent('planner', () => planner.run(task), { 'gen_ai.agent.id': 'planner-1' });
 * ```
 */
export function traceAgent<T>(name: string, fn: () => T, attrs?: Attributes): T {
  return runInSpan(
    {
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
