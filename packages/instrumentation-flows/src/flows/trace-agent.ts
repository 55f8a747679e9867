import { type Attributes, context } from '@opentelemetry/api';
import { AGENT_SCOPE_KEY, type AgentScope, agentScopeOf } from '../context/agent-scope';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  GEN_AI_FINISH_REASON_VALUE_STOP,
  GEN_AI_MESSAGE_PART_TYPE_VALUE_TEXT,
  GEN_AI_MESSAGE_ROLE_VALUE_ASSISTANT,
  GEN_AI_MESSAGE_ROLE_VALUE_USER,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '../semconv';
import { type FlowOptions, flowContent } from './flow-content';
import { runInSpan } from './run-in-span';

/** Messages of the semconv schema already: an array of objects with a string `role` and `parts`. */
function isMessageList(value: unknown): value is unknown[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (m) =>
        m !== null &&
        typeof m === 'object' &&
        typeof (m as { role?: unknown }).role === 'string' &&
        Array.isArray((m as { parts?: unknown }).parts),
    )
  );
}

/** A text part: a string as it is, anything else as its JSON text (redacted and cut like any string). */
function textPart(value: unknown): { type: string; content: unknown } {
  let content: unknown = value;
  if (typeof value !== 'string') {
    try {
      content = JSON.stringify(value) ?? String(value);
    } catch {
      content = value; // a cycle or a bigint: the serializer makes it safe
    }
  }
  return { type: GEN_AI_MESSAGE_PART_TYPE_VALUE_TEXT, content };
}

/**
 * An agent's input as `gen_ai.input.messages`: semconv messages as they are, anything else as one
 * `user` message with a text part. `undefined` stays `undefined` (nothing recorded).
 */
function toAgentInputMessages(value: unknown): unknown {
  if (value === undefined || isMessageList(value)) return value;
  return [{ role: GEN_AI_MESSAGE_ROLE_VALUE_USER, parts: [textPart(value)] }];
}

/**
 * An agent's result as `gen_ai.output.messages`: semconv messages as they are, anything else as
 * one `assistant` message with a text part and finish reason `stop`. `undefined` stays `undefined`.
 */
function toAgentOutputMessages(value: unknown): unknown {
  if (value === undefined || isMessageList(value)) return value;
  return [
    {
      role: GEN_AI_MESSAGE_ROLE_VALUE_ASSISTANT,
      parts: [textPart(value)],
      finish_reason: GEN_AI_FINISH_REASON_VALUE_STOP,
    },
  ];
}

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
