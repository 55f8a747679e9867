import { type Attributes, context } from '@opentelemetry/api';
import { agentScopeOf } from '../context/agent-scope';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
} from '../semconv';
import { flowContent } from './flow-content';
import { flowsUseLatestSemconv, runInSpan } from './run-in-span';

/** Options of {@link traceTool}. */
export interface TraceToolOptions {
  /** The model's tool-call id (`gen_ai.tool.call.id`). */
  callId?: string;
  /** `gen_ai.tool.type`: `function`, `extension` or `datastore`. */
  type?: string;
  /**
   * The call's arguments, recorded as `gen_ai.tool.call.arguments` (a JSON string) only when
   * content capture is on. Like the result, it goes through the redactor and caps of generation
   * content (see {@link traceTool}).
   */
  arguments?: unknown;
  /** Extra span attributes. */
  attributes?: Attributes;
}

/**
 * Runs `fn` inside an `execute_tool {name}` span (kind INTERNAL, `gen_ai.operation.name`
 * `execute_tool`, `gen_ai.tool.name`, `gen_ai.tool.call.id`, `gen_ai.tool.type`, the active trace
 * context; under the latest-experimental opt-in also `gen_ai.conversation.id` and the enclosing
 * `traceAgent`'s `gen_ai.agent.name`) and returns its result. Sync, async and async-iterable `fn`,
 * nesting and errors behave as in {@link traceWorkflow}.
 *
 * With content capture on (the registered plugin's `captureContent`, else
 * `isContentCaptureEnabled()`), the arguments and the sync or awaited result are recorded as
 * `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result` through the same redactor and caps as
 * generation content (the registered plugin's `redact` and `maxContentLength`, else
 * `defaultRedactor` and 8192): a string is taken as the JSON text it usually is, redacted, and
 * when longer than 4 × `maxContentLength` (or the attribute value length limit) recorded as a
 * JSON string of its beginning; any other value is serialized with each string redacted and cut
 * at `maxContentLength`, the whole within 4 × `maxContentLength`.
 *
 * @example
 * ```ts
 * const weather = await traceTool('get_weather', () => getWeather(args), {
 *   callId: toolCall.id,
 *   type: 'function',
 *   arguments: args,
 * });
 * ```
 */
export function traceTool<T>(name: string, fn: () => T, opts?: TraceToolOptions): T {
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: name,
  };
  if (opts?.callId !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = opts.callId;
  if (opts?.type !== undefined) attributes[ATTR_GEN_AI_TOOL_TYPE] = opts.type;
  // The latest registry asks for the executing agent's name and the conversation id on tool spans.
  const latest = flowsUseLatestSemconv();
  if (latest && opts?.attributes?.[ATTR_GEN_AI_AGENT_NAME] === undefined) {
    const agent = agentScopeOf(context.active());
    if (agent !== undefined) attributes[ATTR_GEN_AI_AGENT_NAME] = agent.name;
  }
  return runInSpan(
    {
      name: `${GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL} ${name}`,
      contextAttributes: latest ? 'genai' : 'flow',
      attributes,
      userAttributes: opts?.attributes,
      ...flowContent({
        inputKey: ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
        outputKey: ATTR_GEN_AI_TOOL_CALL_RESULT,
        input: opts?.arguments,
        textAsGiven: true,
      }),
    },
    fn,
  );
}
