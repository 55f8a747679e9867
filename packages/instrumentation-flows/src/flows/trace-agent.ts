import { type Attributes, context } from '@opentelemetry/api';
import { AGENT_SCOPE_KEY, type AgentScope, agentScopeOf } from '../context/agent-scope';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '../semconv';
import { toAgentInputMessages, toAgentOutputMessages } from './agent-messages';
import { type FlowOptions, flowContent } from './flow-content';
import { runInSpan } from './run-in-span';

/**
 * Runs `fn` inside an `invoke_agent {name}` span (kind INTERNAL, `gen_ai.operation.name`
 * `invoke_agent`, `gen_ai.agent.name`, `gen_ai.provider.name`, the active trace context including
 * `gen_ai.conversation.id`) and returns its result. Sync, async and async-iterable `fn`, nesting
 * and errors behave as in {@link traceWorkflow}.
 *
 * With content capture on, `opts.input` and the sync or awaited result are recorded as
 * `gen_ai.input.messages` / `gen_ai.output.messages` (semconv messages as they are; any other
 * value as one `user` / `assistant` message with a text part), through the same redactor and caps
 * as generation content.
 *
 * `gen_ai.provider.name` is the one given in `attrs`, else the enclosing agent's, else that of the
 * first generation traced inside `fn` (set on the span when that generation starts); with none of
 * them the span has no provider.
 *
 * @example
 * ```ts
 * const reply = await traceAgent('planner', () => planner.run(task), { 'gen_ai.provider.name': 'openai' }, { input: task });
 * ```
 */
export function traceAgent<T>(name: string, fn: () => T, attrs?: Attributes, opts?: FlowOptions): T {
  const parent = agentScopeOf(context.active());
  const given = attrs?.[ATTR_GEN_AI_PROVIDER_NAME];
  const provider = typeof given === 'string' && given !== '' ? given : parent?.provider;
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
    [ATTR_GEN_AI_AGENT_NAME]: name,
  };
  if (provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider;
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
      attributes,
      userAttributes: attrs,
      withContext: (span, ctx) => {
        const scope: AgentScope = { span, name, provider, parent };
        return ctx.setValue(AGENT_SCOPE_KEY, scope);
      },
    },
    fn,
  );
}
