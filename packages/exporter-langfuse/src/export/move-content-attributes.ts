import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_LANGFUSE_OBSERVATION_INPUT,
  ATTR_LANGFUSE_OBSERVATION_OUTPUT,
  ATTR_MELLEA_FLOW_INPUT,
  ATTR_MELLEA_FLOW_OUTPUT,
} from '../semconv';

type MutableAttributes = Record<string, unknown>;

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parseJsonArray(value: unknown): unknown[] | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function moveInput(attrs: MutableAttributes): void {
  const rawMessages = attrs[ATTR_GEN_AI_INPUT_MESSAGES];
  const rawSystem = attrs[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS];
  if (rawMessages === undefined && rawSystem === undefined) return;
  const system = rawSystem === undefined ? undefined : parseJsonArray(rawSystem);
  const messages = rawMessages === undefined ? [] : parseJsonArray(rawMessages);
  if (messages === undefined || (rawSystem !== undefined && system === undefined)) {
    // Not the semconv JSON: move the messages as they are and leave the instructions in place.
    if (rawMessages === undefined) return;
    attrs[ATTR_LANGFUSE_OBSERVATION_INPUT] = asText(rawMessages);
    delete attrs[ATTR_GEN_AI_INPUT_MESSAGES];
    return;
  }
  attrs[ATTR_LANGFUSE_OBSERVATION_INPUT] =
    system === undefined
      ? asText(rawMessages)
      : JSON.stringify([{ role: 'system', parts: system }, ...messages]);
  delete attrs[ATTR_GEN_AI_INPUT_MESSAGES];
  delete attrs[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS];
}

function moveOne(attrs: MutableAttributes, from: string, to: string): void {
  const value = attrs[from];
  if (value === undefined || attrs[to] !== undefined) return;
  attrs[to] = asText(value);
  delete attrs[from];
}

/**
 * Moves captured content into Langfuse's input/output (in place, on the copy's attributes): the
 * semconv `gen_ai.input.messages` (with `gen_ai.system_instructions` prepended as a `system`
 * message) to `langfuse.observation.input`, `gen_ai.output.messages` to
 * `langfuse.observation.output`, and on tool spans `gen_ai.tool.call.arguments`/`.result`, on
 * workflow and step spans `mellea.flow.input`/`.output` likewise.
 * The source attributes are removed, so the payload is not sent twice. Input or output the span
 * already sets explicitly is kept and nothing is moved onto it.
 */
export function moveContentAttributes(attrs: MutableAttributes): void {
  if (attrs[ATTR_LANGFUSE_OBSERVATION_INPUT] === undefined) moveInput(attrs);
  moveOne(attrs, ATTR_GEN_AI_OUTPUT_MESSAGES, ATTR_LANGFUSE_OBSERVATION_OUTPUT);
  moveOne(attrs, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, ATTR_LANGFUSE_OBSERVATION_INPUT);
  moveOne(attrs, ATTR_GEN_AI_TOOL_CALL_RESULT, ATTR_LANGFUSE_OBSERVATION_OUTPUT);
  moveOne(attrs, ATTR_MELLEA_FLOW_INPUT, ATTR_LANGFUSE_OBSERVATION_INPUT);
  moveOne(attrs, ATTR_MELLEA_FLOW_OUTPUT, ATTR_LANGFUSE_OBSERVATION_OUTPUT);
}
