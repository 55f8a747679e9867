import { type Attributes, context, type Span } from '@opentelemetry/api';
import { isContentCaptureEnabled, isLatestGenAiSemconv } from '../config/env-flags';
import { agentScopeOf } from '../context/agent-scope';
import {
  attributeLengthCap,
  envAttributeLengthLimit,
  setCappedAttribute,
} from '../plugin/content/attribute-length-cap';
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
import { runInSpan } from './run-in-span';
import { TOOL_CONTENT_MAX_LENGTH, toolContent } from './tool-content';

/** Options of {@link traceTool}. */
export interface TraceToolOptions {
  /** The model's tool-call id (`gen_ai.tool.call.id`). */
  callId?: string;
  /** `gen_ai.tool.type`: `function`, `extension` or `datastore`. */
  type?: string;
  /**
   * The call's arguments, recorded as `gen_ai.tool.call.arguments` (a JSON string) only when
   * content capture is on (`isContentCaptureEnabled()`). Like the result, cut to 32 768
   * characters (or the attribute value length limit, when lower) as a JSON string of its beginning.
   */
  arguments?: unknown;
  /** Extra span attributes. */
  attributes?: Attributes;
}

function setContent(span: Span, key: string, value: unknown): void {
  if (!span.isRecording()) return;
  const max = attributeLengthCap(Math.min(TOOL_CONTENT_MAX_LENGTH, envAttributeLengthLimit()), span);
  setCappedAttribute(span, key, max, (cap) => toolContent(value, cap));
}

/**
 * Runs `fn` inside an `execute_tool {name}` span (kind INTERNAL, `gen_ai.operation.name`
 * `execute_tool`, `gen_ai.tool.name`, `gen_ai.tool.call.id`, `gen_ai.tool.type`, the active trace
 * context; under the latest-experimental opt-in also `gen_ai.conversation.id` and the enclosing
 * `traceAgent`'s `gen_ai.agent.name`) and returns its result. With content capture on, the arguments and the sync or awaited
 * result are recorded as `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result` JSON strings,
 * each at most 32 768 characters (and never above the attribute value length limit): a longer one
 * is recorded as a JSON string holding its beginning. Sync, async and async-iterable `fn`, nesting and errors behave as in {@link traceWorkflow}.
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
  const latest = isLatestGenAiSemconv();
  if (latest && opts?.attributes?.[ATTR_GEN_AI_AGENT_NAME] === undefined) {
    const agent = agentScopeOf(context.active());
    if (agent !== undefined) attributes[ATTR_GEN_AI_AGENT_NAME] = agent.name;
  }
  const capture = isContentCaptureEnabled();
  return runInSpan(
    {
      name: `${GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL} ${name}`,
      contextAttributes: latest ? 'genai' : 'flow',
      attributes,
      userAttributes: opts?.attributes,
      onStart: capture
        ? (span) => setContent(span, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, opts?.arguments)
        : undefined,
      onResult: capture ? (span, value) => setContent(span, ATTR_GEN_AI_TOOL_CALL_RESULT, value) : undefined,
    },
    fn,
  );
}
